-- The SHA-256 (hex) of the secret granted with each attempt's claim; the secret itself is never stored.
alter table attempts add column secret_hash text;
-- Why a report was refused: 'stale' (an old token, from its real holder) or 'forged' (no proof of the holder).
alter table stale_reports add column reason text not null default 'stale';
