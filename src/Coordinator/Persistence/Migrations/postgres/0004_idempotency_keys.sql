-- Idempotency-Key of POST /api/items: a key names one item until it expires (Stamina:IdempotencyWindow).
-- The primary key is what makes two concurrent requests with one key agree on one item.
create table idempotency_keys (
    key          text        primary key,
    item_id      uuid        not null,
    fingerprint  text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null
);

create index idempotency_keys_expiry on idempotency_keys (expires_at);
