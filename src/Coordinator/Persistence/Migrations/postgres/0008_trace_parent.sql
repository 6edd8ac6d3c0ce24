-- The W3C traceparent of the submit's span, so that the dispatcher (a polling loop, with no request of its own)
-- continues the item's trace; every attempt of the item joins it. Null when nothing traced the submit.
alter table work_items add column trace_parent text;
