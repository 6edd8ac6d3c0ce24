-- Notifications: a durable outbox of webhook deliveries (one row per event and webhook) written by the detector,
-- delivered, retried and marked by the sender, so a coordinator restart loses none.
create table notification_outbox (
    id            bigserial   primary key,
    webhook       text        not null,
    kind          text        not null,
    level         text        not null,
    title         text        not null,
    body          text        not null,
    data          text        not null,
    happened_at   timestamptz not null,  -- when the event happened (the payload's "at")
    created_at    timestamptz not null,  -- when it was enqueued: the rate limit counts by this
    attempts      integer     not null default 0,
    delivered_at  timestamptz,
    given_up_at   timestamptz,
    last_error    text
);

create index notification_outbox_pending on notification_outbox (webhook, id) where delivered_at is null and given_up_at is null;
create index notification_outbox_created on notification_outbox (webhook, created_at);

-- The detector's own state: its cursor in time, the open shift, the workers known paused or lost, suppressed counts.
create table notification_state (
    key    text primary key,
    value  text not null
);

-- The detector and the morning report read attempts by when they ended.
create index attempts_ended_at on attempts (ended_at);
