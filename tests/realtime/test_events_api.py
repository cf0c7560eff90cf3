"""GET /api/v1/events: catching up after a disconnect, filtered by what the caller may see."""

import pytest

from app.core import events
from app.extensions import db


def _record(kind, audience="public", **payload):
    event = events.record(kind, subject_type="test", subject_id=1, audience=audience, payload=payload)
    db.session.commit()
    return event.id


@pytest.fixture
def log_ids(make_user):
    """A small log: public, staff, two users' private events, another public one."""
    ann, bob = make_user(), make_user()
    floor = db.session.scalar(db.select(db.func.max(events.Event.id))) or 0
    ids = {
        "public": _record("answer.created", question_id=1, answer_id=1),
        "staff": _record("answer.held", audience="staff", question_id=1),
        "ann": _record("notification.created", audience=f"user:{ann.id}", unread_count=1),
        "bob": _record("notification.created", audience=f"user:{bob.id}", unread_count=2),
        "public2": _record("vote.changed", question_id=1, score=3),
    }
    return {"floor": floor, "ann": ann, "bob": bob, "ids": ids}


def _ids(response):
    return [e["id"] for e in response.get_json()["events"]]


def test_anonymous_callers_get_public_events_in_order(client, log_ids):
    response = client.get(f"/api/v1/events?after={log_ids['floor']}")
    assert response.status_code == 200
    assert _ids(response) == [log_ids["ids"]["public"], log_ids["ids"]["public2"]]
    assert response.get_json()["cursor"] == log_ids["ids"]["public2"]


def test_signed_in_users_also_get_their_own_private_events(client_for, api_client, log_ids):
    ids = log_ids["ids"]
    for client in (client_for(log_ids["ann"]), api_client(log_ids["ann"])):
        got = _ids(client.get(f"/api/v1/events?after={log_ids['floor']}"))
        assert got == [ids["public"], ids["ann"], ids["public2"]]


def test_staff_get_staff_events(make_user, api_client, log_ids):
    ids = log_ids["ids"]
    got = _ids(api_client(make_user(role="moderator")).get(f"/api/v1/events?after={log_ids['floor']}"))
    assert ids["staff"] in got and ids["ann"] not in got and ids["bob"] not in got


def test_paging_with_limit_and_cursor_misses_nothing(client, log_ids):
    ids = log_ids["ids"]
    first = client.get(f"/api/v1/events?after={log_ids['floor']}&limit=1").get_json()
    assert [e["id"] for e in first["events"]] == [ids["public"]] and first["has_more"] is True
    second = client.get(f"/api/v1/events?after={first['cursor']}&limit=1").get_json()
    assert [e["id"] for e in second["events"]] == [ids["public2"]]
    third = client.get(f"/api/v1/events?after={second['cursor']}").get_json()
    assert third["events"] == [] and third["has_more"] is False


@pytest.mark.parametrize("query", ["after=abc", "after=-1", "limit=0", "limit=501", "limit=x"])
def test_bad_arguments_are_a_400_naming_the_field(client, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    field = query.split("=")[0]
    assert field in response.get_json()["error"]["fields"]


def test_a_bad_token_is_refused_rather_than_read_as_anonymous(client):
    response = client.get("/api/v1/events", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_pages_know_the_last_event_they_include(client, log_ids):
    html = client.get("/").get_data(as_text=True)
    assert f'"after": {log_ids["ids"]["public2"]}' in html
    assert "js/realtime.js" in html
