-- SQLite twin of postgres/0015_pipelines.sql. uuid, timestamptz and jsonb are text; booleans 0/1.
create table pipelines (
    id             text primary key,
    name           text,
    state          text    not null,
    review_rounds  integer not null,
    final_branch   text,
    reason         text,
    created_at     text    not null,
    updated_at     text    not null
);

create table pipeline_steps (
    pipeline_id  text    not null references pipelines (id) deferrable initially deferred,
    position     integer not null,
    name         text    not null,
    review       integer not null,
    plan         text    not null,
    primary key (pipeline_id, position)
);

create table pipeline_items (
    item_id      text primary key,
    pipeline_id  text    not null references pipelines (id) deferrable initially deferred,
    position     integer not null,
    round        integer not null,
    created_at   text    not null
);

create index pipeline_items_pipeline on pipeline_items (pipeline_id, position, round);

alter table attempts add column verdict          text;
alter table attempts add column verdict_feedback text;
alter table attempts add column verdict_reason   text;
