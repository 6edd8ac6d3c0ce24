-- Lost attempts (the holder died, froze or was cut off) are faults, not failures: counted apart, with their own cap.
alter table work_items add column lost_attempts integer not null default 0;
