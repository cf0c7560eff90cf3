"""The relay: committed events reach exactly the rooms allowed to see them."""

from app.core import events
from app.extensions import db
from tests.realtime.conftest import join, named


def _record(kind, audience="public", **payload):
    event = events.record(kind, subject_type="test", subject_id=1, audience=audience, payload=payload)
    db.session.commit()
    return event


def test_new_answer_reaches_everyone_viewing_the_question_even_anonymous(qa, make_user, sio_for, drain_events):
    question = qa.question()
    drain_events()
    reader, anonymous = sio_for(make_user()), sio_for(None)
    for client in (reader, anonymous):
        assert join(client, f"question:{question.id}") == {"ok": True, "room": f"question:{question.id}"}
        client.get_received()

    answer = qa.answer(question, body="Restart the router first.")
    drain_events()

    for client in (reader, anonymous):
        got = named(client, "event")
        assert [e["kind"] for e in got] == ["answer.created"]
        assert got[0]["payload"]["answer_id"] == answer.id
        assert got[0]["payload"]["question_id"] == question.id


def test_viewers_of_another_question_hear_nothing(qa, sio_for, drain_events):
    one, other = qa.question(), qa.question()
    drain_events()
    client = sio_for(None)
    join(client, f"question:{other.id}")
    client.get_received()
    qa.answer(one)
    drain_events()
    assert named(client, "event") == []


def test_staff_events_go_to_the_moderation_room_only(make_user, sio_for, drain_events):
    moderator, customer = sio_for(make_user(role="moderator")), sio_for(make_user())
    drain_events()
    assert join(moderator, "moderation")["ok"] is True
    assert join(customer, "moderation") == {"ok": False}
    join(customer, "question:7")
    moderator.get_received(), customer.get_received()

    _record("answer.held", audience="staff", question_id=7, answer_id=3)
    drain_events()

    assert [e["kind"] for e in named(moderator, "event")] == ["answer.held"]
    assert named(customer, "event") == []


def test_notifications_reach_only_their_user(make_user, sio_for, drain_events):
    ann, bob = make_user(), make_user()
    ann_socket, bob_socket = sio_for(ann), sio_for(bob)
    drain_events()
    ann_socket.get_received(), bob_socket.get_received()
    _record("notification.created", audience=f"user:{ann.id}", unread_count=4)
    drain_events()
    assert [e["payload"]["unread_count"] for e in named(ann_socket, "event")] == [4]
    assert named(bob_socket, "event") == []


def test_a_failing_socket_layer_never_stops_the_log(app, monkeypatch, qa, make_user, drain_events):
    from app.extensions import socketio

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(socketio, "emit", broken)
    question = qa.question()
    qa.answer(question)
    drain_events()
    cursor = db.session.get(events.ConsumerCursor, "realtime")
    latest = db.session.scalar(db.select(db.func.max(events.Event.id)))
    assert cursor.last_event_id == latest
