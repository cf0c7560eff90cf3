"""Catching up: the events after a client's last seen id, as that client may see them."""

from app.core import events as event_log

MAX_SCAN_BATCHES = 20


def events_after(user, after_id: int, limit: int) -> tuple[list, int, bool]:
    """Return (visible events, cursor to resume from, whether more may follow), oldest first."""
    page = event_log.read(after_id, limit=limit, viewer=user, max_batches=MAX_SCAN_BATCHES)
    return page.events, page.cursor, page.more


def latest_event_id() -> int:
    """The id a freshly rendered page is up to date with."""
    return event_log.latest_id()
