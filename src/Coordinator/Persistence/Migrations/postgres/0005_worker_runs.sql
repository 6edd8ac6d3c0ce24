-- The work directory of a worker's current run: a new run of the name from the same machine and directory
-- proves its predecessor dead (the directory's lock), so it is accepted even while the old run looks alive.
alter table workers add column work_dir text;
