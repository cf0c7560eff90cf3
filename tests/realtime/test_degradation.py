"""With the message queue (Redis) unreachable, posting still works, pages load and the log moves on."""

import time

import pytest

from app.core import events
from app.extensions import db

DEAD_QUEUE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def app_overrides():
    from app.extensions import socketio

    yield {"SOCKETIO_MESSAGE_QUEUE": DEAD_QUEUE}
    # Flask-SocketIO keeps the queue's client manager in the shared SocketIO object's options;
    # drop it so later apps in this test run get a plain (test-client friendly) manager again.
    socketio.server_options.pop("client_manager", None)
    socketio.server_options.pop("message_queue", None)


def test_posting_and_reading_work_while_redis_is_down(app, qa, make_user, api_client, client, drain_events):
    question = qa.question()
    drain_events()
    before = db.session.scalar(db.select(db.func.max(events.Event.id)))
    started = time.monotonic()
    response = api_client(make_user()).post(f"/api/v1/questions/{question.id}/answers", json={"body": "Still works."})
    assert response.status_code == 201
    drain_events()
    assert time.monotonic() - started < 10
    page = client.get(f"/questions/{question.id}/{question.slug}")
    assert page.status_code == 200 and "Still works." in page.get_data(as_text=True)
    latest = db.session.scalar(db.select(db.func.max(events.Event.id)))
    assert db.session.get(events.ConsumerCursor, "realtime").last_event_id == latest
    # what a reconnecting client would fetch instead
    caught_up = client.get(f"/api/v1/events?after={before}").get_json()["events"]
    assert "answer.created" in [e["kind"] for e in caught_up]
