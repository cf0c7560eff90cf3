"""Consumers: each reads the log after commit with its own stored cursor, through the one reader.

Nothing is lost while a consumer is down, nothing is seen for a transaction that rolled back,
and what a handler does commits together with the cursor that covers it.
"""

import fcntl
import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.events.log import ConsumerCursor, Event
from app.core.events.reader import read
from app.core.timeutil import utcnow
from app.core.uow import unit_of_work
from app.extensions import db, socketio

log = logging.getLogger(__name__)

Handler = Callable[[Event], None]
_consumers: dict[str, Handler] = {}
_wakeup = threading.Event()
MAX_ATTEMPTS = 3


_priorities: dict[str, int] = {}


def register_consumer(name: str, handler: Handler, *, priority: int = 100) -> None:
    """Register a consumer; it will see every event after its stored cursor.

    Lower `priority` runs earlier in each round (the realtime relay goes first: people wait on it).
    """
    _consumers[name] = handler
    _priorities[name] = priority


def consumer_names() -> list[str]:
    return sorted(_consumers, key=lambda name: (_priorities.get(name, 100), name))


def run_consumer(name: str, batch_size: int = 200, budget: float | None = None) -> int:
    """Feed one batch of new events to consumer `name`; return how many it handled.

    With a `budget` (seconds) the batch ends early once that much time has passed.
    """
    handler = _consumers[name]
    deadline = time.monotonic() + budget if budget is not None else None
    # One transaction per batch: what the handlers do commits with the cursor that covers it.
    with unit_of_work():
        cursor = _lock_cursor(name)
        if cursor is None:
            return 0  # another process holds this consumer
        events = read(cursor.last_event_id, limit=batch_size, max_batches=1).events
        handled = 0
        for event in events:
            if not _deliver(name, handler, event):
                break
            cursor.last_event_id = event.id
            handled += 1
            if deadline is not None and time.monotonic() >= deadline:
                break
    return handled


def _lock_cursor(name: str) -> ConsumerCursor | None:
    """Lock this consumer's cursor row, creating it on first use; None if another process holds it."""
    _ensure_cursor_row(name)
    stmt = select(ConsumerCursor).where(ConsumerCursor.name == name).with_for_update(skip_locked=True)
    return db.session.scalars(stmt).first()


def _ensure_cursor_row(name: str) -> None:
    """Insert the cursor row unless it exists (two processes may race to create it)."""
    if db.session.get(ConsumerCursor, name) is not None:
        return
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[dialect]
    values = {"name": name, "last_event_id": _start_position(name), "updated_at": utcnow()}
    db.session.execute(insert(ConsumerCursor).values(**values).on_conflict_do_nothing(index_elements=["name"]))


def _start_position(name: str) -> int:
    """New consumers start from the beginning of the log."""
    return 0


_failures: dict[tuple[str, int], int] = {}


def _deliver(name: str, handler: Handler, event: Event) -> bool:
    """Run the handler; after MAX_ATTEMPTS failures on one event, log it and move on."""
    try:
        with db.session.begin_nested():
            handler(event)
        _failures.pop((name, event.id), None)
        return True
    except Exception:
        attempts = _failures.get((name, event.id), 0) + 1
        _failures[(name, event.id)] = attempts
        log.exception("consumer %s failed on event %s (attempt %s)", name, event.id, attempts)
        if attempts >= MAX_ATTEMPTS:
            _failures.pop((name, event.id), None)
            return True
        return False


def run_all_consumers(max_rounds: int = 50) -> int:
    """Drain every consumer (used by tests, the CLI worker and the background loop)."""
    total = 0
    for _ in range(max_rounds):
        handled = sum(run_consumer(name) for name in consumer_names())
        total += handled
        if not handled:
            break
    return total


def wake_consumers() -> None:
    _wakeup.set()


def consumer_loop(app, stop: threading.Event | None = None) -> None:
    """Run consumers until `stop` is set: woken after each commit that recorded events."""
    interval = app.config["EVENT_POLL_SECONDS"]
    while stop is None or not stop.is_set():
        busy = False
        with app.app_context():
            try:
                with consumers_lock(app) as mine:
                    if mine:
                        run_consumers_in_slices(pause=_pause_for(app))
                    busy = not mine
            except Exception:
                log.exception("event consumer round failed")
                db.session.rollback()
            finally:
                db.session.remove()
        # Another process is running the consumers: try again soon rather than a full interval.
        _wakeup.wait(min(interval, LOCK_RETRY_SECONDS) if busy else interval)
        _wakeup.clear()
        socketio.sleep(0)


LOCK_RETRY_SECONDS = 0.05


def run_consumers_in_slices(pause: Callable[[], None], budget: float = 0.05, max_slices: int = 10_000) -> int:
    """Drain every consumer in short committed slices, calling `pause()` between them.

    The background loop shares its process with the web server: under gevent a long batch would
    hold every request until it ends (a backlog of a few hundred events took 20 s at start-up),
    so it commits and yields at least every `budget` seconds of work.
    """
    total = 0
    for _ in range(max_slices):
        handled = 0
        for name in consumer_names():
            handled += run_consumer(name, budget=budget)
            pause()
        total += handled
        if not handled:
            break
    return total


def _pause_for(app) -> Callable[[], None]:
    """Between slices: under gevent wait until no request has work pending; elsewhere just yield."""
    if app.config.get("SOCKETIO_ASYNC_MODE") == "gevent":
        import gevent

        return gevent.idle
    return lambda: time.sleep(0)


def _consumers_lock_path(app) -> str | None:
    """A lock file beside a SQLite database file; None for other databases or in-memory SQLite."""
    url = str(app.config.get("SQLALCHEMY_DATABASE_URI") or "")
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return None
    return url[len("sqlite:///") :].split("?", 1)[0] + ".consumers.lock"


@contextmanager
def consumers_lock(app):
    """Yield whether this process may run the consumers now, so they run once across processes.

    PostgreSQL needs no extra lock (each cursor row is taken FOR UPDATE SKIP LOCKED); SQLite
    ignores FOR UPDATE, so processes sharing one database file take an exclusive file lock.
    """
    path = _consumers_lock_path(app)
    if path is None:
        yield True
        return
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def start_consumers(app) -> None:
    """Start the consumer loop as a background task of this process."""
    socketio.start_background_task(consumer_loop, app)


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    if session.info.pop("kith_recorded_events", False):
        wake_consumers()


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session) -> None:
    session.info.pop("kith_recorded_events", None)
