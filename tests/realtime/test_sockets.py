"""Socket handlers: who connects, who may join which room, typing, presence, bad input."""

import pytest

from app.core import events
from app.extensions import db, socketio
from app.realtime import guard
from tests.realtime.conftest import join, named


def _record(kind, audience="public", **payload):
    events.record(kind, subject_type="test", subject_id=1, audience=audience, payload=payload)
    db.session.commit()


def test_connect_says_who_the_session_belongs_to(app, make_user, client_for):
    ann = make_user()
    signed_in = socketio.test_client(app, flask_test_client=client_for(ann))
    anonymous = socketio.test_client(app, flask_test_client=client_for(None))
    assert named(signed_in, "hello")[0]["user_id"] == ann.id
    assert named(anonymous, "hello")[0]["user_id"] is None


def test_the_client_cannot_claim_to_be_someone_else(app, make_user, sio_for, drain_events):
    ann, bob = make_user(), make_user()
    drain_events()
    bob_socket = sio_for(bob, auth={"user_id": ann.id, "role": "admin"})
    assert join(bob_socket, f"user:{ann.id}") == {"ok": False}
    assert join(bob_socket, "moderation") == {"ok": False}
    bob_socket.get_received()
    _record("notification.created", audience=f"user:{ann.id}", unread_count=1)
    drain_events()
    assert named(bob_socket, "event") == []


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(None, False), ("customer", False), ("moderator", True), ("product_manager", True), ("admin", True)],
)
def test_only_staff_join_the_moderation_room(make_user, sio_for, role, allowed):
    client = sio_for(make_user(role=role) if role else None)
    assert join(client, "moderation")["ok"] is allowed
    if not allowed:
        assert named(client, "error")[0]["code"] == "forbidden"


def test_deleted_questions_are_for_staff_only(qa, make_user, sio_for):
    author = make_user()
    question = qa.question(author)
    from app.qa import services

    services.delete_question(author, question)
    room = f"question:{question.id}"
    assert join(sio_for(None), room) == {"ok": False}
    assert join(sio_for(make_user()), room) == {"ok": False}
    assert join(sio_for(make_user(role="moderator")), room)["ok"] is True


def test_unknown_questions_cannot_be_joined(sio_for):
    assert join(sio_for(None), "question:999999") == {"ok": False}


@pytest.fixture
def ticket_members(app, monkeypatch):
    """A stand-in audience rule for tickets: members[ticket id] = set of user ids."""
    members: dict[str, set] = {}

    def rule(user, key):
        return bool(getattr(user, "is_authenticated", False)) and user.id in members.get(key, set())

    # This test's app has its own registries: replace the tickets domain's rule in it.
    monkeypatch.setitem(app.extensions["kith_registries"][events.AUDIENCES], "ticket", rule)
    return members


def test_private_tickets_reach_members_only_and_stop_when_access_is_lost(
    make_user, sio_for, drain_events, ticket_members
):
    member, outsider = make_user(), make_user()
    ticket_members["5"] = {member.id}
    drain_events()
    member_socket, outsider_socket = sio_for(member), sio_for(outsider)
    assert join(member_socket, "ticket:5")["ok"] is True
    assert join(outsider_socket, "ticket:5") == {"ok": False}
    member_socket.get_received(), outsider_socket.get_received()

    _record("ticket.message", audience="ticket:5", ticket_id=5)
    drain_events()
    assert [e["kind"] for e in named(member_socket, "event")] == ["ticket.message"]
    assert named(outsider_socket, "event") == []

    ticket_members["5"] = set()  # removed from the ticket
    _record("ticket.message", audience="ticket:5", ticket_id=5)
    drain_events()
    received = member_socket.get_received()
    assert [m["name"] for m in received] == ["room_closed"]
    assert received[0]["args"][0] == {"room": "ticket:5"}


def test_a_suspended_user_is_disconnected_on_the_next_check(make_user, sio_for):
    ann = make_user()
    client = sio_for(ann)
    ann.is_suspended = True
    db.session.commit()
    assert guard.recheck() == 1
    assert not client.is_connected()


def test_signing_out_elsewhere_ends_the_socket_too(make_user, sio_for):
    ann = make_user()
    client = sio_for(ann)
    ann.session_version += 1
    db.session.commit()
    guard.recheck()
    assert not client.is_connected()


def test_a_thread_that_becomes_hidden_closes_its_room(qa, make_user, sio_for):
    from app.qa import services

    author = make_user()
    question = qa.question(author)
    reader = sio_for(make_user())
    join(reader, f"question:{question.id}")
    reader.get_received()
    services.delete_question(author, question)
    guard.recheck()
    assert named(reader, "room_closed") == [{"room": f"question:{question.id}"}]


def test_typing_reaches_others_but_never_the_typist(qa, make_user, sio_for):
    question = qa.question()
    room = f"question:{question.id}"
    ann = make_user(display_name="Ann Typist")
    ann_socket, ann_other_tab, reader = sio_for(ann), sio_for(ann), sio_for(None)
    for client in (ann_socket, ann_other_tab, reader):
        join(client, room)
        client.get_received()

    ann_socket.emit("typing", {"question_id": question.id})
    ann_socket.emit("typing", {"question_id": question.id})  # throttled
    assert named(reader, "typing") == [{"question_id": question.id, "user_id": ann.id, "name": "Ann Typist"}]
    assert named(ann_socket, "typing") == []
    assert named(ann_other_tab, "typing") == []

    ann_socket.emit("leave", {"room": room})
    stopped = named(reader, "typing")
    assert stopped == [{"question_id": question.id, "user_id": ann.id, "stopped": True}]


def test_anonymous_readers_cannot_type(qa, sio_for):
    question = qa.question()
    client = sio_for(None)
    join(client, f"question:{question.id}")
    client.get_received()
    client.emit("typing", {"question_id": question.id})
    assert named(client, "error")[0]["code"] == "forbidden"


def test_presence_counts_viewers_and_drops_those_who_leave(qa, sio_for):
    question = qa.question()
    room = f"question:{question.id}"
    first, second = sio_for(None), sio_for(None)
    join(first, room)
    assert named(first, "presence")[-1]["count"] == 1
    join(second, room)
    assert named(first, "presence")[-1]["count"] == 2
    second.disconnect()
    assert named(first, "presence")[-1]["count"] == 1


def test_cross_origin_handshakes_are_refused(client):
    refused = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 400
    same = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://localhost"})
    assert same.status_code == 200


FUZZ = [
    ("join", None),
    ("join", "question:1"),
    ("join", {"room": 5}),
    ("join", {"room": ["question:1"]}),
    ("join", {"room": "question:0"}),
    ("join", {"room": "question:abc"}),
    ("join", {"room": "../../etc"}),
    ("join", {"room": "question:1" + "9" * 40}),
    ("join", {"room": "x" * 9000}),
    ("leave", 42),
    ("leave", {"room": {"nested": True}}),
    ("typing", {"question_id": "1"}),
    ("typing", {"question_id": True}),
    ("typing", {"question_id": -3}),
    ("typing", {"question_id": 10**30}),
    ("typing", [1, 2, 3]),
    ("typing", {"question_id": 1, "pad": "y" * 20000}),
    ("no_such_event", {"a": 1}),
    ("connect", {"user_id": 1}),
    ("disconnect", None),
]


@pytest.mark.parametrize(("name", "payload"), FUZZ, ids=[f"{n}-{i}" for i, (n, _p) in enumerate(FUZZ)])
def test_malformed_events_get_an_error_and_the_server_keeps_serving(qa, sio_for, name, payload):
    question = qa.question()
    client = sio_for(None)
    client.emit(name, payload) if payload is not None else client.emit(name)
    errors = named(client, "error") if client.is_connected() else []
    if name not in {"connect", "disconnect"}:
        assert errors and all(isinstance(e["message"], str) and e["code"] for e in errors)
    healthy = sio_for(None)
    assert join(healthy, f"question:{question.id}")["ok"] is True


def test_a_flood_of_events_is_slowed_down_and_the_socket_survives(qa, sio_for):
    question = qa.question()
    client = sio_for(None)
    for _ in range(30):
        client.emit("leave", {"room": f"question:{question.id}"})
    codes = {e["code"] for e in named(client, "error")}
    assert codes == {"slow_down"}
    assert client.is_connected()


def test_one_socket_cannot_follow_unlimited_rooms(qa, make_user, sio_for, monkeypatch):
    from app.realtime import sockets as handlers

    first, second = qa.question(), qa.question()
    ann = make_user()
    client = sio_for(ann)  # already in its own user room
    monkeypatch.setattr(handlers, "MAX_ROOMS", 2)
    assert join(client, f"question:{first.id}")["ok"] is True
    client.get_received()
    assert join(client, f"question:{second.id}") == {"ok": False}
    assert named(client, "error")[-1]["code"] == "too_many_rooms"
