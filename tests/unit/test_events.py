"""The event log: recorded in the caller's transaction, read by consumers with their own cursors."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core import events
from app.core.events import ConsumerCursor, Event, consumers
from app.core.timeutil import utcnow
from app.extensions import db


@pytest.fixture
def collected(app):
    seen = []
    events.register_consumer("test-collector", lambda event: seen.append((event.id, event.kind)))
    yield seen
    events._consumers.pop("test-collector", None)


def _record(kind="thing.happened", audience=events.PUBLIC, **payload):
    event = events.record(kind, subject_type="thing", subject_id=1, audience=audience, payload=payload)
    db.session.commit()
    return event


def test_registration_and_login_are_recorded(client, make_user):
    user = make_user()
    client.post("/auth/login", data={"login": user.email, "password": "correct horse battery"})
    kinds = db.session.scalars(select(Event.kind).where(Event.subject_id == user.id)).all()
    assert kinds == ["user.registered", "user.logged_in"]


def test_a_rolled_back_transaction_leaves_no_event(app):
    events.record("never.seen", subject_type="thing", subject_id=1)
    db.session.rollback()
    assert db.session.scalar(select(Event).where(Event.kind == "never.seen")) is None


def test_consumer_sees_each_event_once_in_order_and_keeps_its_cursor(app, collected):
    first, second = _record("a"), _record("b")
    events.run_consumer("test-collector")
    events.run_consumer("test-collector")
    assert [kind for _id, kind in collected if kind in "ab"] == ["a", "b"]
    cursor = db.session.get(ConsumerCursor, "test-collector")
    assert cursor.last_event_id == second.id > first.id


def test_the_background_loop_commits_and_pauses_between_short_slices(app, monkeypatch):
    """A backlog is drained in slices of about `budget` seconds, each committed before the pause."""
    clock = [0.0]
    monkeypatch.setattr(consumers.time, "monotonic", lambda: clock[0])
    handled = []

    def slow(event):
        clock[0] += 0.02  # each event "takes" 20 ms
        handled.append(event.id)

    monkeypatch.setattr(consumers, "_consumers", {"test-slow": slow})
    recorded = [_record(f"e{n}").id for n in range(7)]
    pauses = []

    def pause():
        cursor = db.session.scalar(select(ConsumerCursor.last_event_id).where(ConsumerCursor.name == "test-slow"))
        pauses.append((len(handled), cursor))

    assert events.run_consumers_in_slices(pause, budget=0.05) == 7
    assert handled == recorded
    # 3 events (60 ms) per slice, the cursor committed at each pause, then an empty round ends it
    assert pauses == [(3, recorded[2]), (6, recorded[5]), (7, recorded[6]), (7, recorded[6])]


def test_a_failing_handler_is_retried_then_skipped(app):
    attempts = []

    def flaky(event):
        attempts.append(event.id)
        raise RuntimeError("consumer bug")

    events.register_consumer("test-flaky", flaky)
    try:
        event = _record("c")
        for _ in range(events.MAX_ATTEMPTS):
            events.run_consumer("test-flaky")
        assert attempts.count(event.id) == events.MAX_ATTEMPTS
        assert db.session.get(ConsumerCursor, "test-flaky").last_event_id == event.id
    finally:
        events._consumers.pop("test-flaky", None)


def test_reading_stops_at_a_fresh_gap_and_passes_an_old_one(app):
    newer = Event(id=1000, kind="late", subject_type="thing", subject_id=1, payload={}, created_at=utcnow())
    assert events.stop_at_fresh_gap(10, [newer]) == []
    newer.created_at = utcnow() - timedelta(seconds=30)
    assert events.stop_at_fresh_gap(10, [newer]) == [newer]


def test_visible_events_filters_by_audience(app, make_user):
    customer, other, moderator = make_user(), make_user(), make_user(role="moderator")
    start = db.session.scalar(select(Event.id).order_by(Event.id.desc())) or 0
    _record("public.thing")
    _record("staff.thing", audience=events.STAFF)
    _record("private.thing", audience=f"user:{customer.id}")

    def kinds(user):
        return [e.kind for e in events.visible_events(user, start) if e.kind.endswith(".thing")]

    assert kinds(customer) == ["public.thing", "private.thing"]
    assert kinds(other) == ["public.thing"]
    assert kinds(moderator) == ["public.thing", "staff.thing"]
    assert kinds(None) == ["public.thing"]


def test_registered_audience_rules_decide(app, make_user):
    member, stranger = make_user(), make_user()
    events.register_audience(app, "club", lambda user, key: getattr(user, "id", None) == member.id and key == "7")
    event = _record("club.thing", audience="club:7")
    assert events.can_see(member, event)
    assert not events.can_see(stranger, event)
    assert not events.can_see(member, _record("club.other", audience="club:8"))
