-- Agents: per-item options, per-attempt progress and checkpoints, transcripts, account limits.
alter table work_item_specs add column agent jsonb not null default '{}';

alter table attempts
    add column model                  text,
    add column session_id             text,
    add column turns                  integer not null default 0,
    add column tool_uses              integer not null default 0,
    add column last_tool              text,
    add column input_tokens           bigint  not null default 0,
    add column output_tokens          bigint  not null default 0,
    add column cache_read_tokens      bigint  not null default 0,
    add column cache_creation_tokens  bigint  not null default 0,
    add column cost_usd               numeric(12, 6),
    add column last_event_at          timestamptz,
    add column base_commit            text,
    add column checkpoint_branch      text,
    add column checkpoint_commit      text,
    add column checkpoint_at          timestamptz,
    add column account_limited_until  timestamptz,
    add column transcript_complete    boolean not null default false,
    add column transcript_truncated   boolean not null default false;

-- The raw agent event stream of each attempt, in chunks appended at the current end only.
create table transcript_chunks (
    item_id  uuid    not null,
    attempt  integer not null,
    "offset" bigint  not null,
    data     bytea   not null,
    primary key (item_id, attempt, "offset")
);

-- One row per agent account that has hit a usage limit: no claim for it before limited_until.
create table accounts (
    name           text primary key,
    limited_until  timestamptz,
    limits         integer     not null default 0,
    last_reason    text,
    updated_at     timestamptz not null
);

alter table workers
    add column limited_until  timestamptz,
    add column attention      text;
