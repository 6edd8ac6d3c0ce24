-- The run of the worker process an attempt was granted to (its exclusive queues are named by it): a redelivered
-- claim asks the broker whether those queues still exist, and takes a dead holder's item over at once. Null for
-- attempts granted before this column, to older workers and in local mode: those keep the silence rule.
alter table attempts add column worker_run text;
