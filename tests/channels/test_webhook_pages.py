"""The admin webhook pages: who may use them, the secret shown once, form errors, languages."""

import pytest
from sqlalchemy import select

from app.channels import delivery, webhooks
from app.channels.models import PENDING, WebhookDelivery, WebhookEndpoint
from app.extensions import db

VIEWERS = ("anonymous", "customer", "moderator", "admin")


@pytest.fixture
def people(make_user, admin):
    return {"anonymous": None, "customer": make_user(), "moderator": make_user(role="moderator"), "admin": admin}


@pytest.fixture
def endpoint(admin, receiver, qa, drain_events):
    item, _secret = webhooks.create_endpoint(admin, url=receiver.url, event_kinds="question.created")
    qa.question()
    drain_events()
    delivery.deliver_due()
    return item


ROUTES = [
    ("get", "/admin/webhooks", None, (302, 403, 403, 200)),
    ("post", "/admin/webhooks", {"url": "{url}"}, (302, 403, 403, 201)),
    ("get", "/admin/webhooks/{id}", None, (302, 403, 403, 200)),
    ("post", "/admin/webhooks/{id}/disable", {}, (302, 403, 403, 302)),
    ("post", "/admin/webhooks/{id}/enable", {}, (302, 403, 403, 302)),
    ("post", "/admin/webhooks/{id}/rotate", {}, (302, 403, 403, 200)),
    ("post", "/admin/webhooks/deliveries/{delivery}/redeliver", {}, (302, 403, 403, 302)),
    ("post", "/admin/webhooks/{id}/delete", {}, (302, 403, 403, 302)),
]


@pytest.mark.parametrize(("method", "path", "data", "expected"), ROUTES, ids=[f"{m} {p}" for m, p, _d, _e in ROUTES])
def test_only_admins_use_the_webhook_pages(people, client_for, endpoint, receiver, method, path, data, expected):
    row = db.session.scalars(select(WebhookDelivery)).first()

    def fill(value):
        return value.replace("{id}", str(endpoint.id)).replace("{delivery}", str(row.id)).replace("{url}", receiver.url)

    for viewer, status in zip(VIEWERS, expected, strict=True):
        form = {k: fill(v) for k, v in (data or {}).items()}
        response = getattr(client_for(people[viewer]), method)(fill(path), data=form)
        assert response.status_code == status, f"{viewer}: {response.status_code}"
    if path.endswith("/delete"):
        assert db.session.get(WebhookEndpoint, endpoint.id) is None


def test_the_secret_is_shown_once(admin, client_for, receiver):
    client = client_for(admin)
    response = client.post("/admin/webhooks", data={"url": receiver.url, "event_kinds": "answer.*, question.created"})
    assert response.status_code == 201
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert endpoint.secret in response.get_data(as_text=True)
    assert endpoint.event_kinds == ["answer.*", "question.created"]
    for page in ("/admin/webhooks", f"/admin/webhooks/{endpoint.id}"):
        assert endpoint.secret not in client.get(page).get_data(as_text=True)


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE=False)
def test_a_private_address_gets_a_form_error(admin, client_for):
    response = client_for(admin).post("/admin/webhooks", data={"url": "http://169.254.169.254/latest"})
    assert response.status_code == 400
    assert "private, loopback or link-local" in response.get_data(as_text=True)
    assert db.session.scalars(select(WebhookEndpoint)).first() is None


def test_bad_event_kinds_get_a_form_error(admin, client_for, receiver):
    response = client_for(admin).post("/admin/webhooks", data={"url": receiver.url, "event_kinds": "<script>"})
    assert response.status_code == 400
    assert "Use event kinds such as answer.created" in response.get_data(as_text=True)
    assert db.session.scalars(select(WebhookEndpoint)).first() is None


def test_the_delivery_log_shows_each_attempt_and_sends_again(admin, client_for, endpoint):
    client = client_for(admin)
    page = client.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "question.created" in page and "HTTP 200" in page and "Delivered" in page
    row = db.session.scalars(select(WebhookDelivery)).one()
    client.post(f"/admin/webhooks/deliveries/{row.id}/redeliver")
    db.session.refresh(row)
    assert row.status == PENDING
    assert delivery.deliver_due() == 1


@pytest.mark.parametrize(
    ("language", "heading", "state"),
    [("en", "Add endpoint", "Delivered"), ("zh-CN", "添加端点", "已送达"), ("zh-TW", "新增端點", "已送達")],
)
def test_pages_speak_three_languages(admin, client_for, endpoint, language, heading, state):
    client = client_for(admin)
    headers = {"Accept-Language": language}
    assert heading in client.get("/admin/webhooks", headers=headers).get_data(as_text=True)
    detail = client.get(f"/admin/webhooks/{endpoint.id}", headers=headers).get_data(as_text=True)
    assert state in detail
