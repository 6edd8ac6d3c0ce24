-- Dispatch gates: dispatch paused for the whole fleet (pool '') or for one pool. Running items go on; queued items of
-- a paused pool are not released until it is resumed.
create table dispatch_pauses (
    pool       text primary key,
    reason     text,
    paused_at  timestamptz not null
);

-- Spend caps sum the cost of attempts started since the day began (per day, per account).
create index attempts_started_at on attempts (started_at);
