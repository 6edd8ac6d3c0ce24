-- SQLite twin of postgres/0007_attempt_secrets.sql.
alter table attempts add column secret_hash text;
alter table stale_reports add column reason text not null default 'stale';
