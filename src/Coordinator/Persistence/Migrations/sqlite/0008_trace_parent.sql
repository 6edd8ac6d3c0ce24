-- SQLite twin of postgres/0008_trace_parent.sql.
alter table work_items add column trace_parent text;
