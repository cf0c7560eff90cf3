"""Webhook endpoints (admins manage them) and the event-log consumer that queues deliveries.

Only events everyone may read are delivered; staff events only to endpoints marked for staff.
Private audiences (a ticket's people, one user) never leave the site through a webhook.
"""

import json
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.channels import netguard, signing
from app.channels.models import PENDING, WebhookDelivery, WebhookEndpoint
from app.core import events
from app.core.errors import NotFound, ValidationError
from app.core.permissions import Perm, require
from app.core.timeutil import utcnow
from app.extensions import db

CONSUMER = "webhooks"
MAX_KINDS = 50


def parse_kinds(text: str) -> list[str]:
    """Event kinds from a comma- or space-separated list (`qa.*` matches a prefix)."""
    kinds = sorted({k.strip() for k in (text or "").replace(",", " ").split() if k.strip()})
    bad = [k for k in kinds if len(k) > 64 or not all(c.isalnum() or c in "._*" for c in k)]
    if bad or len(kinds) > MAX_KINDS:
        raise ValidationError(fields={"event_kinds": _l("Use event kinds such as answer.created or qa.*.")})
    return kinds


def _check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        if len(url) > 2000:
            raise netguard.RefusedAddress(_l("The address is too long."))
        host, port, _scheme = netguard.check_url(url)
        netguard.resolve(host, port)
    except netguard.RefusedAddress as exc:
        raise ValidationError(fields={"url": str(exc)}) from exc
    return url


def create_endpoint(actor, *, url: str, description: str = "", event_kinds: str = "", include_staff=False):
    """Register an endpoint; return it and its secret (shown to the admin this once)."""
    require(actor, Perm.ADMIN)
    endpoint = WebhookEndpoint(
        url=_check_url(url),
        description=(description or "").strip()[:200],
        event_kinds=parse_kinds(event_kinds),
        secret=signing.new_secret(),
        include_staff=bool(include_staff),
        created_by_id=actor.id,
    )
    db.session.add(endpoint)
    db.session.flush()
    _record("webhook.endpoint_created", actor, endpoint)
    db.session.commit()
    return endpoint, endpoint.secret


def _record(kind: str, actor, endpoint: WebhookEndpoint) -> None:
    payload = {"endpoint_id": endpoint.id, "active": endpoint.active}
    events.record(
        kind, actor=actor, subject_type="webhook", subject_id=endpoint.id, audience=events.STAFF, payload=payload
    )


def list_endpoints(actor) -> list[WebhookEndpoint]:
    require(actor, Perm.ADMIN)
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def get_endpoint(actor, endpoint_id: int) -> WebhookEndpoint:
    require(actor, Perm.ADMIN)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound()
    return endpoint


def recent_deliveries(actor, endpoint_id: int, limit: int = 50) -> list[WebhookDelivery]:
    endpoint = get_endpoint(actor, endpoint_id)
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def set_active(actor, endpoint_id: int, active: bool) -> WebhookEndpoint:
    """Enable or disable an endpoint (enabling clears the failure count)."""
    endpoint = get_endpoint(actor, endpoint_id)
    endpoint.active = bool(active)
    if active:
        endpoint.consecutive_failures = 0
        endpoint.disabled_reason = None
    _record("webhook.endpoint_enabled" if active else "webhook.endpoint_disabled", actor, endpoint)
    db.session.commit()
    return endpoint


def rotate_secret(actor, endpoint_id: int) -> str:
    """Give the endpoint a new secret; the old one keeps signing too for the overlap window."""
    endpoint = get_endpoint(actor, endpoint_id)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = utcnow() + current_app.config["WEBHOOK_ROTATION_OVERLAP"]
    endpoint.secret = signing.new_secret()
    _record("webhook.secret_rotated", actor, endpoint)
    db.session.commit()
    return endpoint.secret


def delete_endpoint(actor, endpoint_id: int) -> None:
    endpoint = get_endpoint(actor, endpoint_id)
    _record("webhook.endpoint_deleted", actor, endpoint)
    db.session.delete(endpoint)
    db.session.commit()


def redeliver(actor, delivery_id: int) -> WebhookDelivery:
    """Queue a delivery again now, whatever became of it."""
    require(actor, Perm.ADMIN)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound()
    delivery.status = PENDING
    delivery.next_attempt_at = utcnow()
    db.session.commit()
    return delivery


def signing_secrets(endpoint: WebhookEndpoint) -> list[str]:
    """The secrets that sign right now: the current one, and the previous during the overlap."""
    found = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > utcnow():
        found.append(endpoint.previous_secret)
    return found


# --- the consumer ---------------------------------------------------------------------------


def _matches(endpoint: WebhookEndpoint, kind: str) -> bool:
    kinds = endpoint.event_kinds or []
    return not kinds or any(k == kind or (k.endswith("*") and kind.startswith(k[:-1])) for k in kinds)


def _allowed(endpoint: WebhookEndpoint, event: events.Event) -> bool:
    audience = event.audience or events.PUBLIC
    return audience == events.PUBLIC or (audience == events.STAFF and endpoint.include_staff)


def body_for(event: events.Event) -> str:
    """The JSON body of a delivery: the event as the public events API shows it."""
    return json.dumps(
        {"type": event.kind, "timestamp": event.created_at.isoformat(), "data": event.as_dict()},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def handle_event(event: events.Event) -> None:
    """Queue one delivery per active endpoint allowed to hear this event (idempotent on replay)."""
    if (event.audience or events.PUBLIC) not in {events.PUBLIC, events.STAFF}:
        return
    endpoints = db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True)))
    wanted = [e for e in endpoints if _allowed(e, event) and _matches(e, event.kind)]
    if not wanted:
        return
    done = set(
        db.session.scalars(
            select(WebhookDelivery.endpoint_id).where(
                WebhookDelivery.event_id == event.id, WebhookDelivery.endpoint_id.in_([e.id for e in wanted])
            )
        )
    )
    body = body_for(event)
    for endpoint in wanted:
        if endpoint.id in done:
            continue
        db.session.add(
            WebhookDelivery(
                endpoint_id=endpoint.id,
                event_id=event.id,
                event_kind=event.kind,
                message_id=f"msg_{event.id}_{endpoint.id}",
                body=body,
                next_attempt_at=utcnow(),
            )
        )
    db.session.flush()


def retry_schedule() -> list[timedelta]:
    """Delay after each failed attempt; when it runs out the delivery has failed."""
    return list(current_app.config["WEBHOOK_RETRY_SCHEDULE"])
