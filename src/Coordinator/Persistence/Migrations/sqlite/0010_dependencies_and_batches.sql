-- SQLite twin of postgres/0010_dependencies_and_batches.sql.
create table batches (
    id           text    primary key,
    name         text,
    origin       text    not null,
    schedule_id  text,
    occurrence   text,
    created_at   text    not null
);

create index batches_created on batches (created_at desc);
-- One batch per schedule occurrence, whatever happens to the idempotency key (docs/architecture.md, "Schedules").
create unique index batches_schedule on batches (schedule_id, occurrence) where schedule_id is not null;

alter table work_items add column batch_id text;
alter table work_items add column batch_key text;
alter table work_items add column batch_position integer;
alter table work_items add column on_dependency_failure text not null default 'skip';
alter table work_items add column skip_reason text;

create unique index work_items_batch_key on work_items (batch_id, batch_key) where batch_id is not null;

create table item_dependencies (
    item_id     text    not null references work_items (id) deferrable initially deferred,
    depends_on  text    not null references work_items (id) deferrable initially deferred,
    base_from   integer not null default 0,
    primary key (item_id, depends_on)
);

create index item_dependencies_depends_on on item_dependencies (depends_on);
