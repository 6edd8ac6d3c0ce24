-- SQLite twin of postgres/0001_work_items.sql: same tables, columns and indexes.
-- Types: uuid → text (lower-case Guid.ToString()), timestamptz → text (fixed-width UTC, SqliteTime),
-- jsonb → text, bytea → blob, boolean → integer 0/1, bigserial → integer primary key autoincrement.
create table work_items (
    id                 text    primary key,
    state              text    not null,
    attempt            integer not null default 0,
    failures           integer not null default 0,
    max_attempts       integer not null,
    pool               text    not null,
    priority           integer not null default 0,
    not_before         text,
    lease_expires_at   text,
    last_heartbeat_at  text,
    holder             text,
    created_at         text    not null,
    updated_at         text    not null,
    version            integer not null default 1,
    published_token    integer,
    published_at       text
);

create index work_items_dispatch on work_items (pool, state, priority desc, created_at);
create index work_items_leases on work_items (lease_expires_at) where state = 'Running';
create index work_items_updated on work_items (updated_at desc);

create table work_item_specs (
    item_id          text    primary key references work_items (id) deferrable initially deferred,
    repo             text    not null,
    base_ref         text    not null,
    harness          text    not null,
    command          text    not null,
    prompt           text    not null,
    timeout_seconds  integer not null,
    labels           text    not null
);

create table attempts (
    item_id      text    not null references work_items (id) deferrable initially deferred,
    number       integer not null,
    worker       text    not null,
    machine      text    not null,
    account      text,
    started_at   text    not null,
    ended_at     text,
    outcome      text,
    exit_code    integer,
    error_class  text,
    message      text,
    branch       text,
    primary key (item_id, number)
);

create table results (
    item_id        text    primary key references work_items (id) deferrable initially deferred,
    attempt        integer not null,
    branch         text    not null,
    base_commit    text    not null,
    head_commit    text    not null,
    commits        integer not null,
    files_changed  integer not null,
    insertions     integer not null,
    deletions      integer not null,
    exit_code      integer,
    summary        text    not null,
    accepted_at    text    not null
);

create table stale_reports (
    id           integer primary key autoincrement,
    item_id      text    not null,
    attempt      integer not null,
    kind         text    not null,
    worker       text    not null,
    detail       text,
    received_at  text    not null
);

create table workers (
    name             text    primary key,
    machine          text    not null,
    pool             text    not null,
    account          text,
    status           text    not null,
    current_item     text,
    current_attempt  integer,
    version          text    not null,
    started_at       text    not null,
    last_seen_at     text    not null,
    interval_ms      integer not null,
    stopped_at       text
);
