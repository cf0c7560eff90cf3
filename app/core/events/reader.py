"""The one reader of the log: committed events after a cursor, in id order, gaps handled.

Every consumer, the live-page catch-up, the events API and the search catch-up read through
`read`. Ids are handed out before commit, so on PostgreSQL a later id can commit before an
earlier one: a missing id younger than GAP_GRACE may still appear, and reading stops there
rather than skip it for good. An older gap is a rolled-back insert and is passed.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from app.core.events.audience import can_see
from app.core.events.log import Event
from app.core.timeutil import utcnow
from app.extensions import db

GAP_GRACE = timedelta(seconds=5)
EVERYONE = object()  # `viewer` for readers that see every event (consumers, the search index)


@dataclass
class Page:
    """What one read returns: the events, the id to resume after, and whether more may follow."""

    events: list[Event] = field(default_factory=list)
    cursor: int = 0
    more: bool = False


def read(after_id: int, *, limit: int = 200, viewer=EVERYONE, max_batches: int | None = None) -> Page:
    """Return up to `limit` committed events after `after_id` that `viewer` may see, oldest first.

    Events `viewer` may not see are skipped but still move the cursor; `max_batches` bounds how
    many batches of `limit` rows one call scans looking for visible ones.
    """
    page = Page(cursor=after_id)
    batches = 0
    while max_batches is None or batches < max_batches:
        batch = _batch(page.cursor, limit)
        batches += 1
        if not batch:
            return page
        for event in batch:
            if len(page.events) >= limit:
                page.more = True
                return page
            page.cursor = event.id
            if viewer is EVERYONE or can_see(viewer, event):
                page.events.append(event)
    page.more = True
    return page


def visible_events(user, after_id: int, limit: int = 200) -> list[Event]:
    """Return up to `limit` committed events after `after_id` that `user` may see, oldest first."""
    return read(after_id, limit=limit, viewer=user).events


def committed_mark() -> int:
    """The newest event id whose transaction has surely committed (older than the gap grace)."""
    cutoff = utcnow() - GAP_GRACE
    return db.session.scalar(select(func.max(Event.id)).where(Event.created_at < cutoff)) or 0


def latest_id() -> int:
    """The newest event id (what a page rendered now is up to date with)."""
    return db.session.scalar(select(func.max(Event.id))) or 0


def _batch(after_id: int, limit: int) -> list[Event]:
    rows = db.session.scalars(select(Event).where(Event.id > after_id).order_by(Event.id).limit(limit))
    return stop_at_fresh_gap(after_id, list(rows))


def stop_at_fresh_gap(after_id: int, events: list[Event]) -> list[Event]:
    """Cut the batch at a missing id younger than GAP_GRACE: it may still commit.

    A reader starting from 0 takes the log from its first row (ids need not start at 1).
    """
    expected = after_id + 1 if after_id else None
    for index, event in enumerate(events):
        if expected is not None and event.id != expected and utcnow() - event.created_at < GAP_GRACE:
            return events[:index]
        expected = event.id + 1
    return events
