"""Notification mail: instant mail per notification, the daily digest, one-click unsubscribe."""

from contextlib import nullcontext
from datetime import datetime, timedelta

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select

from app.core.errors import NotFound, ValidationError
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.mail.services import queue_email
from app.notifications import services
from app.notifications.models import EmailMode, Notification, NotificationPreference

UNSUBSCRIBE_SALT = "kith.notifications.unsubscribe"
DIGEST_LIMIT = 50


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int) -> str:
    """A signed token that turns notification mail off for `user_id`."""
    return _serializer().dumps({"u": user_id})


def user_for_unsubscribe(token: str):
    """The user an unsubscribe token names: 400 when tampered with, 404 when the user is gone."""
    from app.auth.models import User

    try:
        data = _serializer().loads(token)
        user_id = int(data["u"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(
            _l(
                "This unsubscribe link is not valid. Copy the whole link from the mail, or sign in and change your email settings on your account page."
            ),
            code="bad_token",
        ) from None
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("This unsubscribe link belongs to an account that no longer exists."))
    return user


@transactional
def unsubscribe(token: str):
    """Turn notification mail off for the user the token names (no sign-in needed)."""
    user = user_for_unsubscribe(token)
    services._set_mode(user.id, EmailMode.OFF.value)
    return user


def _site(path: str | None) -> str:
    base = current_app.config["SITE_URL"].rstrip("/")
    return base + (path or "/")


def _unsubscribe_url(user_id: int) -> str:
    return _site(f"/notifications/unsubscribe/{unsubscribe_token(user_id)}")


def _mail_context(user) -> dict:
    return {
        "user": user,
        "unsubscribe_url": _unsubscribe_url(user.id),
        "settings_url": _site("/auth/account"),
        "site_url": _site("/notifications"),
    }


def _queue(**kwargs) -> None:
    """Queue a mail; outside a request (consumer, CLI) render inside a neutral request context."""
    context = nullcontext() if has_request_context() else current_app.test_request_context(base_url=_site("/"))
    with context:
        queue_email(**kwargs)


def queue_instant(user, notification: Notification) -> None:
    """Queue one mail about one notification, in the recipient's language (the caller commits)."""
    _queue(
        to=user.email,
        kind="notification",
        template="notifications_instant",
        locale=user.locale,
        notification=notification,
        link=_site(notification.url) if notification.url else _site("/notifications"),
        **_mail_context(user),
    )


def last_digest_hour(now: datetime) -> datetime:
    """The latest moment at or before `now` when the digest is due (NOTIFICATIONS_DIGEST_HOUR, UTC)."""
    hour = int(current_app.config.get("NOTIFICATIONS_DIGEST_HOUR", 8))
    moment = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment if moment <= now else moment - timedelta(days=1)


def send_due_digests(now: datetime | None = None) -> int:
    """Send the digest to each daily-digest user who has not had one since its hour (the periodic job)."""
    now = now or utcnow()
    return send_daily_digests(now, only_before=last_digest_hour(now))


@transactional
def send_daily_digests(now: datetime | None = None, only_before: datetime | None = None) -> int:
    """Send each daily-digest user one mail with their unread notifications since the last one.

    With `only_before`, skip users whose last digest is that recent (so hourly checks send once a day).
    """
    from app.auth.models import User

    now = now or utcnow()
    sent = 0
    stmt = select(NotificationPreference).where(NotificationPreference.email_mode == EmailMode.DAILY.value)
    if only_before is not None:
        stmt = stmt.where(
            or_(NotificationPreference.last_digest_at.is_(None), NotificationPreference.last_digest_at < only_before)
        )
    prefs = db.session.scalars(stmt).all()
    for pref in prefs:
        user = db.session.get(User, pref.user_id)
        if user is None or user.is_suspended:
            continue
        stmt = select(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_(None), Notification.created_at <= now
        )
        if pref.last_digest_at is not None:
            stmt = stmt.where(Notification.created_at > pref.last_digest_at)
        items = db.session.scalars(stmt.order_by(Notification.id.desc()).limit(DIGEST_LIMIT + 1)).all()
        pref.last_digest_at = now
        if not items:
            continue
        _queue(
            to=user.email,
            kind="notification_digest",
            template="notifications_digest",
            locale=user.locale,
            items=[(n, _site(n.url) if n.url else _site("/notifications")) for n in items[:DIGEST_LIMIT]],
            more=len(items) > DIGEST_LIMIT,
            count=len(items[:DIGEST_LIMIT]),
            **_mail_context(user),
        )
        sent += 1
    return sent
