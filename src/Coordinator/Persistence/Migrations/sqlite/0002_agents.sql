-- SQLite twin of postgres/0002_agents.sql. SQLite adds one column per statement.
-- numeric(12,6) → numeric (stored as a real; costs are for display), bigint → integer (64-bit).
alter table work_item_specs add column agent text not null default '{}';

alter table attempts add column model                  text;
alter table attempts add column session_id             text;
alter table attempts add column turns                  integer not null default 0;
alter table attempts add column tool_uses              integer not null default 0;
alter table attempts add column last_tool              text;
alter table attempts add column input_tokens           integer not null default 0;
alter table attempts add column output_tokens          integer not null default 0;
alter table attempts add column cache_read_tokens      integer not null default 0;
alter table attempts add column cache_creation_tokens  integer not null default 0;
alter table attempts add column cost_usd               numeric;
alter table attempts add column last_event_at          text;
alter table attempts add column base_commit            text;
alter table attempts add column checkpoint_branch      text;
alter table attempts add column checkpoint_commit      text;
alter table attempts add column checkpoint_at          text;
alter table attempts add column account_limited_until  text;
alter table attempts add column transcript_complete    integer not null default 0;
alter table attempts add column transcript_truncated   integer not null default 0;

create table transcript_chunks (
    item_id  text    not null,
    attempt  integer not null,
    "offset" integer not null,
    data     blob    not null,
    primary key (item_id, attempt, "offset")
);

create table accounts (
    name           text    primary key,
    limited_until  text,
    limits         integer not null default 0,
    last_reason    text,
    updated_at     text    not null
);

alter table workers add column limited_until  text;
alter table workers add column attention      text;
