"""Catching up: the events after a client's last seen id, as that client may see them."""

from sqlalchemy import func, select

from app.core import events as event_log
from app.extensions import db

MAX_SCAN_BATCHES = 20


def events_after(user, after_id: int, limit: int) -> tuple[list, int, bool]:
    """Return (visible events, cursor to resume from, whether more may follow), oldest first."""
    found: list = []
    cursor = after_id
    for _ in range(MAX_SCAN_BATCHES):
        batch = event_log._read_batch(cursor, limit)
        if not batch:
            return found, cursor, False
        for event in batch:
            if len(found) >= limit:
                return found, cursor, True
            cursor = event.id
            if event_log.can_see(user, event):
                found.append(event)
    return found, cursor, True


def latest_event_id() -> int:
    """The id a freshly rendered page is up to date with."""
    return db.session.scalar(select(func.max(event_log.Event.id))) or 0
