-- Circuit breakers (issue 12, point 7): one row per repository or account that has failed lately. Written in the
-- saga's transaction of the failing (or probing) completion, so a crash cannot lose or double-count a failure.
create table breakers (
    id              uuid        primary key,
    scope           text        not null,  -- repo | account
    key             text        not null,  -- the repository's address or the account's name
    signature       text,                  -- the failure signature that opened it; null while closed
    opened_at       timestamptz,           -- when it last opened; null while closed
    open_until      timestamptz,           -- end of the cool-down, half-open from then until a probe decides
    cool_down_ms    bigint      not null default 0,  -- the current cool-down (grows while probes fail)
    trips           integer     not null default 0,  -- openings since it last closed
    recent          text        not null default '[]',  -- failures in the window while closed: [{s, i, at}]
    updated_at      timestamptz not null,
    unique (scope, key)
);
