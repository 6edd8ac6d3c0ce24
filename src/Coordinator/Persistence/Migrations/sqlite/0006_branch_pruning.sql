-- SQLite twin of postgres/0006_branch_pruning.sql.
alter table attempts add column branch_pruned_at text;
