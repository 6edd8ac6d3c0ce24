-- SQLite twin of postgres/0016_attempt_worker_run.sql.
alter table attempts add column worker_run text;
