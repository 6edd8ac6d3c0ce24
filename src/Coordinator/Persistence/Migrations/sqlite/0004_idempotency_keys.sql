-- SQLite twin of postgres/0004_idempotency_keys.sql.
create table idempotency_keys (
    key          text    primary key,
    item_id      text    not null,
    fingerprint  text    not null,
    created_at   text    not null,
    expires_at   text    not null
);

create index idempotency_keys_expiry on idempotency_keys (expires_at);
