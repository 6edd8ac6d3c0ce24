-- An operator's drain of a worker, kept by the coordinator so that a restarted worker or a lost message still drains
-- (claims from a drained worker are refused without penalty). Null: not drained.
alter table workers add column drained_at timestamptz;

-- What the worker's pre- or post-task hook wrote for the attempt (bounded and redacted by the worker, redacted again here).
alter table attempts add column hook_output text;
