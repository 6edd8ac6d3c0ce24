-- When an attempt's branch was deleted from its repository by `stamina prune`; null while it exists.
alter table attempts add column branch_pruned_at timestamptz;
