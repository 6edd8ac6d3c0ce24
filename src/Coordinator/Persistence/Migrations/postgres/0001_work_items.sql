-- The saga row: one per work item. Columns the dispatcher owns (published_*) are never written by the saga.
create table work_items (
    id                 uuid primary key,
    state              text        not null,
    attempt            integer     not null default 0,
    failures           integer     not null default 0,
    max_attempts       integer     not null,
    pool               text        not null,
    priority           integer     not null default 0,
    not_before         timestamptz,
    lease_expires_at   timestamptz,
    last_heartbeat_at  timestamptz,
    holder             text,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    version            integer     not null default 1,
    published_token    integer,
    published_at       timestamptz
);

create index work_items_dispatch on work_items (pool, state, priority desc, created_at);
create index work_items_leases on work_items (lease_expires_at) where state = 'Running';
create index work_items_updated on work_items (updated_at desc);

-- What to do: written once at submission, read by the dispatcher. Kept out of the saga row so that
-- heartbeats and claims never load a large prompt.
create table work_item_specs (
    item_id          uuid primary key references work_items (id) deferrable initially deferred,
    repo             text    not null,
    base_ref         text    not null,
    harness          text    not null,
    command          jsonb   not null,
    prompt           text    not null,
    timeout_seconds  integer not null,
    labels           jsonb   not null
);

create table attempts (
    item_id      uuid        not null references work_items (id) deferrable initially deferred,
    number       integer     not null,
    worker       text        not null,
    machine      text        not null,
    account      text,
    started_at   timestamptz not null,
    ended_at     timestamptz,
    outcome      text,
    exit_code    integer,
    error_class  text,
    message      text,
    branch       text,
    primary key (item_id, number)
);

create table results (
    item_id        uuid primary key references work_items (id) deferrable initially deferred,
    attempt        integer     not null,
    branch         text        not null,
    base_commit    text        not null,
    head_commit    text        not null,
    commits        integer     not null,
    files_changed  integer     not null,
    insertions     integer     not null,
    deletions      integer     not null,
    exit_code      integer,
    summary        text        not null,
    accepted_at    timestamptz not null
);

-- Results, heartbeats and claims that arrived under a token that was no longer current.
create table stale_reports (
    id           bigserial primary key,
    item_id      uuid        not null,
    attempt      integer     not null,
    kind         text        not null,
    worker       text        not null,
    detail       text,
    received_at  timestamptz not null
);

create table workers (
    name             text primary key,
    machine          text        not null,
    pool             text        not null,
    account          text,
    status           text        not null,
    current_item     uuid,
    current_attempt  integer,
    version          text        not null,
    started_at       timestamptz not null,
    last_seen_at     timestamptz not null,
    interval_ms      integer     not null,
    stopped_at       timestamptz
);
