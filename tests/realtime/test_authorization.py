"""Who may call what: the events API, the vendor route and the socket rooms (one row per role)."""

import pytest

from app.core import events
from app.extensions import db, socketio

ROLES = ["anonymous", "customer", "other_customer", "moderator", "admin"]


@pytest.fixture
def people(make_user):
    return {
        "anonymous": None,
        "customer": make_user(),
        "other_customer": make_user(),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_events_api_is_open_to_all_but_filtered(client_for, people, role):
    owner = people["customer"]
    events.record("notification.created", subject_type="n", subject_id=1, audience=f"user:{owner.id}", payload={})
    events.record("answer.held", subject_type="a", subject_id=1, audience="staff", payload={})
    db.session.commit()
    response = client_for(people[role]).get("/api/v1/events?after=0&limit=500")
    assert response.status_code == 200
    kinds = {e["kind"] for e in response.get_json()["events"]}
    assert ("notification.created" in kinds) is (role == "customer")
    assert ("answer.held" in kinds) is (role in {"moderator", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_vendor_library_is_served_to_everyone_and_nothing_else_is(client_for, people, role):
    client = client_for(people[role])
    response = client.get("/vendor/socket.io-client/socket.io.esm.min.js")
    assert response.status_code == 200
    assert "javascript" in response.mimetype
    assert b"io" in response.get_data()
    response.close()
    assert client.get("/vendor/socket.io-client/../package.json").status_code == 404
    assert client.get("/vendor/socket.io-client/socket.io.js").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_user_rooms_belong_to_their_user(app, client_for, people, role):
    owner = people["customer"]
    sio = socketio.test_client(app, flask_test_client=client_for(people[role]))
    ok = sio.emit("join", {"room": f"user:{owner.id}"}, callback=True)["ok"]
    assert ok is (role == "customer")
    sio.disconnect()
