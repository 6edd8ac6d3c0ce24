-- Schedules: a cron expression in a time zone and the batch to create at each occurrence.
create table schedules (
    id          uuid        primary key,
    name        text        not null,
    cron        text        not null,
    time_zone   text        not null,  -- an IANA id
    batch       text        not null,  -- the BatchRequest, as JSON
    missed      text        not null,  -- run | skip: an occurrence whose time passed while no coordinator fired it
    overlap     text        not null,  -- skip | run: an occurrence while the previous batch is still active
    paused      boolean     not null default false,
    created_at  timestamptz not null,
    -- Occurrences at or before this are never fired nor recorded: set at creation and on resume, so a pause records nothing.
    not_before  timestamptz not null
);

-- One row per occurrence handled, whatever its outcome. The primary key is the exactly-once guarantee: whichever
-- coordinator inserts the row first fires it; any other (a split brain, a restart) finds it taken.
create table schedule_occurrences (
    schedule_id  uuid        not null references schedules (id) on delete cascade,
    occurrence   timestamptz not null,
    outcome      text        not null,  -- firing | fired | skipped | rejected
    missed       boolean     not null,  -- its time had passed (the coordinator was down) when it was handled
    detail       text,
    batch_id     uuid,
    recorded_at  timestamptz not null,
    primary key (schedule_id, occurrence)
);
