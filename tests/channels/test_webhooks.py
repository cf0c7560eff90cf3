"""Signed webhook deliveries to a real HTTP receiver on loopback."""

import base64
import hashlib
import hmac
import json
import socket
import time
from datetime import timedelta

import pytest
import standardwebhooks
from sqlalchemy import select

from app.channels import delivery, netguard, webhooks
from app.channels.models import FAILED, RETRYING, SUCCEEDED, WebhookDelivery, WebhookEndpoint
from app.core.errors import ValidationError
from app.core.events import Event
from app.core.timeutil import utcnow
from app.extensions import db
from app.mail.models import OutboxEmail

TOLERANCE = 300


def verify(secret: str, headers: dict, body: bytes, now: float | None = None) -> bool:
    """An independent Standard Webhooks check: any v1 signature matches and the timestamp is fresh."""
    headers = {k.lower(): v for k, v in headers.items()}
    stamp = int(headers["webhook-timestamp"])
    if abs((now or time.time()) - stamp) > TOLERANCE:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    mac = hmac.new(key, f"{headers['webhook-id']}.{stamp}.".encode() + body, hashlib.sha256).digest()
    expected = base64.b64encode(mac).decode()
    offered = [s.split(",", 1)[1] for s in headers["webhook-signature"].split() if s.startswith("v1,")]
    return any(hmac.compare_digest(expected, s) for s in offered)


def _deliveries(endpoint) -> list[WebhookDelivery]:
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id).order_by(WebhookDelivery.id)
    return list(db.session.scalars(stmt))


def test_a_new_question_reaches_the_receiver_signed(admin, qa, receiver, drain_events):
    endpoint, secret = webhooks.create_endpoint(admin, url=receiver.url, event_kinds="question.created")
    question = qa.question(title="Webhook question about invoices")
    drain_events()
    assert delivery.deliver_due() == 1

    [request] = receiver.requests
    assert verify(secret, request["headers"], request["body"])
    parsed = standardwebhooks.Webhook(secret).verify(request["body"], request["headers"])
    assert parsed["type"] == "question.created"
    assert parsed["data"]["subject"] == {"type": "question", "id": question.id}
    assert parsed["data"]["payload"]["title"] == "Webhook question about invoices"
    [row] = _deliveries(endpoint)
    assert (row.status, row.attempts, row.response_status) == (SUCCEEDED, 1, 200)
    assert row.duration_ms is not None and row.response_excerpt == "receiver says 200"
    assert request["headers"]["webhook-id"] == row.message_id


def test_a_replay_with_an_old_timestamp_is_refused(admin, qa, receiver, drain_events, monkeypatch):
    _endpoint, secret = webhooks.create_endpoint(admin, url=receiver.url)
    qa.question()
    drain_events()
    monkeypatch.setattr(delivery, "_timestamp", lambda: 1_700_000_000)
    delivery.deliver_due()
    request = receiver.requests[0]
    assert verify(secret, request["headers"], request["body"], now=1_700_000_000)  # genuine when it was sent
    assert not verify(secret, request["headers"], request["body"])  # stale now
    with pytest.raises(standardwebhooks.WebhookVerificationError, match="too old"):
        standardwebhooks.Webhook(secret).verify(request["body"], request["headers"])
    refreshed = {**request["headers"], "webhook-timestamp": str(int(time.time()))}
    with pytest.raises(standardwebhooks.WebhookVerificationError, match="No matching signature"):
        standardwebhooks.Webhook(secret).verify(request["body"], refreshed)


def test_a_500_is_retried_with_backoff_and_the_same_message(app, admin, qa, receiver, drain_events):
    endpoint, secret = webhooks.create_endpoint(admin, url=receiver.url, event_kinds="question.*")
    receiver.statuses = [500]
    qa.question()
    drain_events()
    delivery.deliver_due()
    [row] = _deliveries(endpoint)
    assert (row.status, row.attempts, row.response_status) == (RETRYING, 1, 500)
    wait = (row.next_attempt_at - utcnow()).total_seconds()
    assert 3.5 < wait < 5.6  # 5 s ± 10% jitter
    assert delivery.deliver_due() == 0  # not due yet

    row.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["webhooks", "retry"])
    assert "attempted 1" in result.output
    db.session.expire_all()
    assert (row.status, row.attempts, row.response_status) == (SUCCEEDED, 2, 200)
    first, second = receiver.requests
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"]
    assert first["body"] == second["body"]
    assert all(verify(secret, r["headers"], r["body"]) for r in receiver.requests)
    assert [h["status"] for h in row.history] == [500, 200]


@pytest.mark.config(WEBHOOK_RETRY_SCHEDULE=(timedelta(seconds=0),), WEBHOOK_JITTER=0)
def test_an_endpoint_that_keeps_failing_is_disabled_and_its_admin_told(admin, qa, receiver, drain_events):
    endpoint, _secret = webhooks.create_endpoint(admin, url=receiver.url, event_kinds="question.created")
    receiver.statuses = [500, 503]
    qa.question()
    drain_events()
    delivery.deliver_due()
    delivery.deliver_due()
    [row] = _deliveries(endpoint)
    db.session.refresh(endpoint)
    assert row.status == FAILED and row.attempts == 2
    assert not endpoint.active and endpoint.disabled_reason == "exhausted"
    mail = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "webhook_disabled")).one()
    assert mail.to_address == admin.email and receiver.url in mail.body_text

    qa.question()
    drain_events()
    assert len(_deliveries(endpoint)) == 1  # a disabled endpoint queues nothing new
    webhooks.set_active(admin, endpoint.id, True)
    assert endpoint.consecutive_failures == 0


@pytest.mark.config(WEBHOOK_DISABLE_AFTER_FAILURES=2)
def test_failures_in_a_row_disable_an_endpoint(admin, qa, receiver, drain_events):
    endpoint, _secret = webhooks.create_endpoint(admin, url=receiver.url)
    receiver.statuses = [500, 500, 500]
    qa.question()
    qa.question()
    drain_events()
    delivery.deliver_due()
    db.session.refresh(endpoint)
    assert not endpoint.active and endpoint.disabled_reason == "failures"


def test_only_events_the_endpoint_may_hear_are_delivered(admin, qa, tickets, make_user, receiver, drain_events):
    public, _s1 = webhooks.create_endpoint(admin, url=receiver.url + "?public")
    staff, _s2 = webhooks.create_endpoint(admin, url=receiver.url + "?staff", include_staff=True)
    agent = tickets.agent()
    ticket = tickets.ticket(make_user(), agent=agent)
    tickets.reply(agent, ticket, "Your card ending 4242 was charged twice")
    tickets.reply(agent, ticket, "Internal: refund approved", internal=True)
    qa.question()
    drain_events()
    delivery.deliver_due()

    audiences = {e.id: e.audience for e in db.session.scalars(select(Event))}
    assert any(a.startswith("ticket:") for a in audiences.values())
    heard = {ep.id: [audiences[d.event_id] for d in _deliveries(ep)] for ep in (public, staff)}
    assert heard[public.id] and set(heard[public.id]) == {"public"}
    assert set(heard[staff.id]) == {"public", "staff"}
    for request in receiver.requests:
        assert b"4242" not in request["body"] and b"refund" not in request["body"]
        assert json.loads(request["body"])["data"]["kind"]


def test_event_kind_filters_and_replayed_events_queue_once(admin, qa, receiver, drain_events):
    endpoint, _secret = webhooks.create_endpoint(admin, url=receiver.url, event_kinds="answer.*")
    question = qa.question()
    qa.answer(question)
    drain_events()
    event = db.session.scalars(select(Event).where(Event.kind == "answer.created")).one()
    webhooks.handle_event(event)  # the consumer sees an event again after a crash
    assert [d.event_kind for d in _deliveries(endpoint)] == ["answer.created"]


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE=False)
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost/hook",
        "ftp://example.com/hook",
        "http://user:pw@example.com/hook",
    ],
)
def test_private_and_odd_addresses_are_refused(admin, url):
    with pytest.raises(ValidationError) as caught:
        webhooks.create_endpoint(admin, url=url)
    assert "url" in caught.value.fields
    assert db.session.scalars(select(WebhookEndpoint)).first() is None


def test_a_host_that_later_points_inside_is_refused_at_send_time(app, admin, qa, receiver, drain_events):
    endpoint, _secret = webhooks.create_endpoint(admin, url=receiver.url, event_kinds="question.created")
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False  # as if the name now resolved to loopback
    qa.question()
    drain_events()
    delivery.deliver_due()
    [row] = _deliveries(endpoint)
    assert row.status == RETRYING and row.response_status is None
    assert "private" in row.error
    assert receiver.requests == []


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE=False, WEBHOOK_ALLOWED_HOSTS=("hooks.example.test",))
def test_the_connection_goes_to_the_checked_address_with_one_lookup(receiver, monkeypatch):
    lookups = []
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        lookups.append(host)
        return real("127.0.0.1", port, *args, **kwargs) if host == "hooks.example.test" else real(host, port)

    monkeypatch.setattr(netguard.socket, "getaddrinfo", fake)
    port = receiver.server.server_port
    reply = netguard.post(f"http://hooks.example.test:{port}/hook", b"{}", {"Content-Type": "application/json"}, 5)
    names = [h for h in lookups if h != "127.0.0.1"]  # connecting to the pinned address is no lookup
    assert reply.status == 200 and names == ["hooks.example.test"]
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.example.test:{port}"


def test_a_rotated_secret_signs_alongside_the_old_one(admin, qa, receiver, drain_events):
    endpoint, old = webhooks.create_endpoint(admin, url=receiver.url)
    new = webhooks.rotate_secret(admin, endpoint.id)
    qa.question()
    drain_events()
    delivery.deliver_due()
    request = receiver.requests[0]
    assert new != old
    assert verify(old, request["headers"], request["body"]) and verify(new, request["headers"], request["body"])
    standardwebhooks.Webhook(new).verify(request["body"], request["headers"])
