-- SQLite twin of postgres/0014_worker_drain_and_hooks.sql.
alter table workers add column drained_at text;
alter table attempts add column hook_output text;
