"""The event log: one append-only table written inside each action's transaction.

`record` writes (log.py); `read` is the one reader, with gap handling (reader.py); `can_see`
decides who may see an event (audience.py); consumers follow the log with their own cursors
(consumers.py); `kinds` declares each kind's payload. Callers keep using `events.record(...)`.
"""

from app.core.events.audience import AUDIENCES, can_see, register_audience
from app.core.events.consumers import (
    LOCK_RETRY_SECONDS,
    MAX_ATTEMPTS,
    _consumers,
    _lock_cursor,
    consumer_loop,
    consumer_names,
    consumers_lock,
    register_consumer,
    run_all_consumers,
    run_consumer,
    run_consumers_in_slices,
    start_consumers,
    wake_consumers,
)
from app.core.events.log import PUBLIC, STAFF, ConsumerCursor, Event, record
from app.core.events.reader import (
    EVERYONE,
    GAP_GRACE,
    Page,
    committed_mark,
    latest_id,
    read,
    stop_at_fresh_gap,
    visible_events,
)

__all__ = [
    "AUDIENCES",
    "EVERYONE",
    "GAP_GRACE",
    "LOCK_RETRY_SECONDS",
    "MAX_ATTEMPTS",
    "PUBLIC",
    "STAFF",
    "ConsumerCursor",
    "Event",
    "Page",
    "_consumers",
    "_lock_cursor",
    "can_see",
    "committed_mark",
    "consumer_loop",
    "consumer_names",
    "consumers_lock",
    "latest_id",
    "read",
    "record",
    "register_audience",
    "register_consumer",
    "run_all_consumers",
    "run_consumer",
    "run_consumers_in_slices",
    "start_consumers",
    "stop_at_fresh_gap",
    "visible_events",
    "wake_consumers",
]
