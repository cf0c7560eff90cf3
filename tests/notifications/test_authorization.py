"""Every notifications route and API endpoint, for anonymous, customer, other customer, moderator, admin.

The customer owns one notification and wrote a held question; nobody else may read that
notification, and only staff (and its author) may follow the held question.
"""

import pytest

from app.notifications import mailer
from tests.notifications.factories import follow, notifications_of

ROLES = ["anonymous", "customer", "other", "moderator", "admin"]


@pytest.fixture
def world(qa, people, make_user, drain_events):
    question = qa.ask(make_user())
    follow(people["customer"], "question", question.id)
    qa.answer(question, make_user())
    held = qa.ask(people["customer"], status="held")
    drain_events()
    [note] = notifications_of(people["customer"])
    return {"note": note, "question": question, "held": held, **people}


def _web(client_for, world, role):
    return client_for(None if role == "anonymous" else world[role])


def _api(api_client, world, role):
    return api_client(None if role == "anonymous" else world[role])


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("customer", 200), ("other", 200), ("moderator", 200), ("admin", 200)]
)
def test_notifications_page(client_for, world, role, status):
    response = _web(client_for, world, role).get("/notifications/")
    assert response.status_code == status
    if role == "anonymous":
        assert "/auth/login" in response.headers["Location"]
    else:
        assert (world["question"].title in response.get_data(as_text=True)) == (role == "customer")


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("customer", 302), ("other", 404), ("moderator", 404), ("admin", 404)]
)
def test_open_and_mark_one_read(client_for, world, role, status):
    client = _web(client_for, world, role)
    note = world["note"]
    assert client.get(f"/notifications/{note.id}").status_code == status
    assert client.post(f"/notifications/{note.id}/read").status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_mark_all_and_preferences_need_sign_in(client_for, world, role):
    client = _web(client_for, world, role)
    for path, data in (("/notifications/read-all", {}), ("/notifications/preferences", {"email_mode": "off"})):
        response = client.post(path, data=data)
        assert response.status_code == 302
        assert ("/auth/login" in response.headers["Location"]) == (role == "anonymous")


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("customer", 302), ("other", 404), ("moderator", 302), ("admin", 302)]
)
def test_web_follow_held_question(client_for, world, role, status):
    data = {"target_type": "question", "target_id": world["held"].id}
    response = _web(client_for, world, role).post("/notifications/follow", data=data)
    assert response.status_code == status
    if role == "anonymous":
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("customer", 200), ("other", 404), ("moderator", 201), ("admin", 201)]
)
def test_api_follow_held_question(api_client, world, role, status):
    """The customer asked it (and so already follows it: 200)."""
    body = {"target_type": "question", "target_id": world["held"].id}
    client = _api(api_client, world, role)
    assert client.post("/api/v1/follows", json=body).status_code == status
    expected_delete = 401 if role == "anonymous" else 200
    assert client.delete("/api/v1/follows", json=body).status_code == expected_delete
    assert client.get("/api/v1/follows").status_code == (401 if role == "anonymous" else 200)


@pytest.mark.parametrize(("role", "count"), [("customer", 1), ("other", 0), ("moderator", 0), ("admin", 0)])
def test_api_lists_only_the_callers_notifications(api_client, world, role, count):
    client = _api(api_client, world, role)
    assert client.get("/api/v1/notifications").json["total"] == count
    marked = client.post("/api/v1/notifications/read", json={"ids": [world["note"].id]}).json["marked"]
    assert marked == count


def test_api_notifications_need_a_token(api_client, world):
    client = api_client(None)
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/read", json={"all": True}).status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_unsubscribe_needs_only_the_token(app, client_for, world, role):
    with app.test_request_context():
        token = mailer.unsubscribe_token(world["customer"].id)
    client = _web(client_for, world, role)
    assert client.get(f"/notifications/unsubscribe/{token}").status_code == 200
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200
