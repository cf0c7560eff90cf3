"""Send queued webhook deliveries: sign, POST through the network guard, back off, give up.

Runs from the `webhooks.deliver` job and `flask webhooks retry`, never inside a request or the
event consumers, so a slow or dead endpoint cannot slow posting or the live updates.
"""

import logging
import random
import time
from http.client import HTTPException

from flask import current_app
from sqlalchemy import select

from app.channels import netguard, signing, webhooks
from app.channels.models import FAILED, PENDING, RETRYING, SUCCEEDED, WebhookDelivery, WebhookEndpoint
from app.core import events
from app.core.timeutil import utcnow
from app.extensions import db

log = logging.getLogger(__name__)
HISTORY = 20


def deliver_due(limit: int = 50) -> int:
    """Attempt every delivery whose time has come; return how many were attempted."""
    ids = _claim(limit)
    for delivery_id in ids:
        delivery = db.session.get(WebhookDelivery, delivery_id)
        if delivery is not None:
            attempt(delivery)
            db.session.commit()
    return len(ids)


def _claim(limit: int) -> list[int]:
    """Lease due deliveries so another process running the job skips them."""
    now = utcnow()
    stmt = (
        select(WebhookDelivery)
        .join(WebhookEndpoint)
        .where(
            WebhookEndpoint.active.is_(True),
            WebhookDelivery.status.in_([PENDING, RETRYING]),
            WebhookDelivery.next_attempt_at <= now,
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    rows = list(db.session.scalars(stmt))
    lease = now + current_app.config["WEBHOOK_LEASE"]
    for row in rows:
        row.next_attempt_at = lease
    ids = [row.id for row in rows]
    db.session.commit()
    return ids


def attempt(delivery: WebhookDelivery) -> bool:
    """Send one attempt and record what happened; True when the receiver took it (2xx)."""
    endpoint = delivery.endpoint
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Kith-Webhooks/1",
        **signing.headers(webhooks.signing_secrets(endpoint), delivery.message_id, _timestamp(), body),
    }
    status, excerpt, duration, error = None, None, None, None
    try:
        reply = netguard.post(endpoint.url, body, headers, current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
        status, excerpt, duration = reply.status, reply.excerpt, reply.duration_ms
    except netguard.RefusedAddress as exc:
        error = str(exc)
    except (OSError, HTTPException) as exc:
        error = f"{exc.__class__.__name__}: {exc}"[:300]
    ok = status is not None and 200 <= status < 300
    _record_attempt(delivery, status, excerpt, duration, error)
    if ok:
        _succeeded(delivery)
    else:
        _failed(delivery)
    return ok


def _timestamp() -> int:
    """Seconds since the epoch for webhook-timestamp (each attempt is signed afresh)."""
    return int(time.time())


def _record_attempt(delivery, status, excerpt, duration, error) -> None:
    now = utcnow()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status, delivery.response_excerpt, delivery.duration_ms = status, excerpt, duration
    delivery.error = error
    entry = {"at": now.isoformat(), "status": status, "duration_ms": duration, "error": error}
    delivery.history = [*(delivery.history or []), entry][-HISTORY:]


def _succeeded(delivery: WebhookDelivery) -> None:
    delivery.status = SUCCEEDED
    delivery.next_attempt_at = None
    delivery.endpoint.consecutive_failures = 0


def _failed(delivery: WebhookDelivery) -> None:
    endpoint = delivery.endpoint
    endpoint.consecutive_failures += 1
    schedule = webhooks.retry_schedule()
    if delivery.attempts > len(schedule):
        delivery.status, delivery.next_attempt_at = FAILED, None
        _disable(endpoint, "exhausted")
        return
    delay = schedule[delivery.attempts - 1]
    jitter = delay.total_seconds() * current_app.config["WEBHOOK_JITTER"] * random.uniform(-1, 1)  # noqa: S311
    delivery.status = RETRYING
    delivery.next_attempt_at = utcnow() + delay + type(delay)(seconds=jitter)
    if endpoint.consecutive_failures >= current_app.config["WEBHOOK_DISABLE_AFTER_FAILURES"]:
        _disable(endpoint, "failures")


def _disable(endpoint: WebhookEndpoint, reason: str) -> None:
    """Stop sending to an endpoint that keeps failing and tell the admin who made it (reason: a code)."""
    if not endpoint.active:
        return
    endpoint.active = False
    endpoint.disabled_reason = reason
    log.warning("webhook endpoint %s disabled: %s", endpoint.id, reason)
    events.record(
        "webhook.endpoint_disabled",
        actor=None,
        subject_type="webhook",
        subject_id=endpoint.id,
        audience=events.STAFF,
        payload={"endpoint_id": endpoint.id, "active": False, "reason": reason},
    )
    _notify_admin(endpoint)


def _notify_admin(endpoint: WebhookEndpoint) -> None:
    from app.auth.models import User
    from app.mail import services as mail

    admin = db.session.get(User, endpoint.created_by_id) if endpoint.created_by_id else None
    if admin is None:
        return
    mail.queue_email(
        to=admin.email,
        kind="webhook_disabled",
        template="webhook_disabled",
        locale=admin.locale,
        endpoint=endpoint,
        link=current_app.config["SITE_URL"].rstrip("/") + f"/admin/webhooks/{endpoint.id}",
    )
