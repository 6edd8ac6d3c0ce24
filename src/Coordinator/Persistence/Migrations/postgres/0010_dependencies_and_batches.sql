-- Batches: the items of one `stamina submit -f` file (or one schedule occurrence), made in one transaction.
create table batches (
    id           uuid        primary key,
    name         text,
    origin       text        not null,  -- submit | schedule (BatchOrigin)
    schedule_id  uuid,
    occurrence   timestamptz,
    created_at   timestamptz not null
);

create index batches_created on batches (created_at desc);
-- One batch per schedule occurrence, whatever happens to the idempotency key (docs/architecture.md, "Schedules").
create unique index batches_schedule on batches (schedule_id, occurrence) where schedule_id is not null;

-- An item's batch, its task key in it (unique within the batch) and its place in the request; null for an item submitted alone.
alter table work_items add column batch_id uuid;
alter table work_items add column batch_key text;
alter table work_items add column batch_position integer;
-- When a dependency fails or is cancelled: 'skip' (end as Skipped) or 'run' (released anyway).
alter table work_items add column on_dependency_failure text not null default 'skip';
-- Why a Skipped item was skipped ("dependency build failed"); null otherwise.
alter table work_items add column skip_reason text;

create unique index work_items_batch_key on work_items (batch_id, batch_key) where batch_id is not null;

-- item_id runs after depends_on. base_from: item_id starts from depends_on's result branch (at most one per item).
create table item_dependencies (
    item_id     uuid    not null references work_items (id) deferrable initially deferred,
    depends_on  uuid    not null references work_items (id) deferrable initially deferred,
    base_from   boolean not null default false,
    primary key (item_id, depends_on)
);

-- Finding the dependants of an item that just finished.
create index item_dependencies_depends_on on item_dependencies (depends_on);
