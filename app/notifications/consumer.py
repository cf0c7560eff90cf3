"""The "notifications" event consumer: turn events into notifications for the right people."""

import logging
from contextlib import nullcontext

from flask import current_app, has_request_context
from sqlalchemy import select

from app.auth.models import User
from app.core import events
from app.extensions import db
from app.notifications import follows, registry, services
from app.notifications.mailer import queue_instant
from app.notifications.models import EmailMode, Notification

log = logging.getLogger(__name__)

CREATED = "notification.created"
FOLLOWER_REASONS = {"follower", "space_follower", "tag_follower"}


def _priority(reason: str) -> int:
    if reason == "mention":
        return 0
    return 2 if reason in FOLLOWER_REASONS else 1


def recipients(event) -> dict[int, str]:
    """user_id → the strongest reason to notify them, without the actor."""
    found: dict[int, str] = {}

    def offer(user_id, reason):
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            return
        if user_id not in found or _priority(reason) < _priority(found[user_id]):
            found[user_id] = reason

    for rule in registry.rules_for(event.kind):
        try:
            offered = list(rule(event) or ())
        except Exception:  # one domain's broken rule must not silence the others
            log.exception("notification rule %r failed on event %s", rule, event.id)
            continue
        for user_id, reason in offered:
            offer(user_id, reason)
    thread = registry.thread_of(event) if registry.notifies_followers(event.kind) else None
    if thread is not None:
        for user_id in follows.follower_ids(*thread):
            offer(user_id, "follower")
    found.pop(event.actor_id, None)
    found.pop(registry.actor_of(event), None)
    return found


def handle(event) -> None:
    """Consumer entry point: notify the recipients of one event, then run its effects."""
    effects = registry.effects_for(event.kind)
    if event.kind == CREATED or not (registry.notifies(event.kind) or effects):
        return
    # Rules may call url_for and mail templates render: give them a neutral request outside one.
    context = nullcontext() if has_request_context() else current_app.test_request_context(base_url=_site_url())
    with context:
        if registry.notifies(event.kind):
            notify(event)
        for effect in effects:
            effect(event)


def _site_url() -> str:
    return current_app.config["SITE_URL"].rstrip("/") + "/"


def _describe(event) -> tuple[registry.FollowTarget | None, str, object, str, str | None]:
    thread = registry.thread_of(event) or (event.subject_type, event.subject_id)
    target_type, raw_id = thread
    target = registry.follow_target(target_type)
    title, url, value = "", None, raw_id
    if target is not None:
        try:
            value = follows.normalize(target, raw_id)
        except Exception:  # noqa: BLE001  (a malformed payload: notify without a link)
            return target, target_type, raw_id, "", None
        title = target.title(value) if target.title else ""
        url = target.url(value) if target.url else None
    payload = event.payload or {}
    if url and payload.get("comment_id"):
        url += f"#comment-{payload['comment_id']}"
    elif url and payload.get("answer_id"):
        url += f"#answer-{payload['answer_id']}"
    return target, target_type, value, title or "", url


def notify(event) -> list[Notification]:
    """Create one notification per recipient who may see the event and its target."""
    wanted = recipients(event)
    if not wanted:
        return []
    target, target_type, target_id, title, url = _describe(event)
    users = db.session.scalars(select(User).where(User.id.in_(wanted)).order_by(User.id)).all()
    already = set(
        db.session.scalars(
            select(Notification.user_id).where(Notification.event_id == event.id, Notification.user_id.in_(wanted))
        )
    )
    # Decide everyone first (no pending rows: the visibility checks do not flush), then write once.
    allowed = [
        user
        for user in users
        if user.id not in already
        and events.can_see(user, event)
        and (target is None or target.can_see(user, target_id))
    ]
    if not allowed:
        return []
    actor_id = registry.actor_of(event)
    created = [
        Notification(
            user_id=user.id,
            kind="mention" if wanted[user.id] == "mention" else event.kind,
            event_id=event.id,
            actor_id=actor_id,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            title=title[:500],
            url=url,
            reason=wanted[user.id],
        )
        for user in allowed
    ]
    db.session.add_all(created)
    db.session.flush()
    counts = services.unread_counts(user.id for user in allowed)
    modes = services.email_modes(user.id for user in allowed)
    for user, notification in zip(allowed, created, strict=True):
        events.record(
            CREATED,
            actor=None,
            subject_type="notification",
            subject_id=notification.id,
            audience=f"user:{user.id}",
            payload={"notification_id": notification.id, "unread_count": counts.get(user.id, 0)},
        )
        if modes.get(user.id) == EmailMode.INSTANT.value and user.email and not user.is_suspended:
            queue_instant(user, notification)
    return created
