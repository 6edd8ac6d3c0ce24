-- Pipelines: a task run as steps (plan → implement → review …). Each step's item is made when the step before it
-- ends well, in the same transaction (a reviewer's verdict decides what comes next), so the plan of every step is
-- kept here until then.
create table pipelines (
    id             uuid primary key,
    name           text,
    state          text        not null,  -- Running, Approved, Succeeded, Blocked, Failed, Cancelled
    review_rounds  integer     not null,
    final_branch   text,
    reason         text,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);

create table pipeline_steps (
    pipeline_id  uuid    not null references pipelines (id) deferrable initially deferred,
    position     integer not null,
    name         text    not null,
    review       boolean not null,
    plan         jsonb   not null,  -- the step's validated item (spec, pool, priority, attempts); its base is the step before's branch
    primary key (pipeline_id, position)
);

-- Every item made for a pipeline: one per step and review round.
create table pipeline_items (
    item_id      uuid primary key,
    pipeline_id  uuid        not null references pipelines (id) deferrable initially deferred,
    position     integer     not null,
    round        integer     not null,
    created_at   timestamptz not null
);

create index pipeline_items_pipeline on pipeline_items (pipeline_id, position, round);

-- A reviewer step's verdict travels with its attempt's result.
alter table attempts add column verdict          text;
alter table attempts add column verdict_feedback text;
alter table attempts add column verdict_reason   text;
