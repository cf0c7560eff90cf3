"""Reading notifications: lists, the unread count, marking read, the email preference."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.core import events
from app.core.errors import NotFound, Unauthorized, ValidationError
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.notifications.follows import (  # noqa: F401  (the follow services other domains call)
    add_follow,
    follow,
    followed_keys,
    follower_ids,
    is_following,
    list_follows,
    move_followers,
    set_following,
    unfollow,
)
from app.notifications.models import EmailMode, Notification, NotificationPreference

PER_PAGE = 20


def _require_user(user):
    if not getattr(user, "is_authenticated", False):
        raise Unauthorized()
    return user


def unread_count(user) -> int:
    """How many unread notifications `user` has (0 for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_count_for(user.id)


def unread_count_for(user_id: int) -> int:
    stmt = select(func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    return db.session.scalar(stmt) or 0


def unread_counts(user_ids) -> dict[int, int]:
    """Unread counts of several users in one query."""
    ids = list(user_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Notification.user_id, func.count(Notification.id))
        .where(Notification.user_id.in_(ids), Notification.read_at.is_(None))
        .group_by(Notification.user_id)
    )
    return {user_id: count for user_id, count in rows}


def list_notifications(user, *, page: int = 1, per_page: int = PER_PAGE, unread_only: bool = False):
    """A page of the user's notifications, unread first, newest first."""
    _require_user(user)
    stmt = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    stmt = stmt.order_by(Notification.read_at.is_not(None), Notification.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


@transactional
def mark_read(user, notification_id) -> Notification:
    """Mark one of the user's notifications read (404 for anyone else's)."""
    _require_user(user)
    try:
        notification_id = int(notification_id)
    except (TypeError, ValueError):
        raise ValidationError(fields={"id": _l("Must be a whole number.")}) from None
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
        _record_read(user.id)
    return notification


def _record_read(user_id: int) -> None:
    """Tell the user's other tabs (through the realtime relay) the new unread count."""
    db.session.flush()
    events.record(
        "notification.read",
        subject_type="user",
        subject_id=user_id,
        audience=f"user:{user_id}",
        payload={"unread_count": unread_count_for(user_id)},
    )


@transactional
def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; return how many."""
    _require_user(user)
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if result.rowcount:
        _record_read(user.id)
    return result.rowcount or 0


@transactional
def mark_many_read(user, ids) -> int:
    """Mark the given notifications of the user read; ids not the user's are ignored."""
    _require_user(user)
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise ValidationError(fields={"ids": _l("Send a list of notification ids.")})
    if not ids:
        return 0
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.id.in_(ids), Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if result.rowcount:
        _record_read(user.id)
    return result.rowcount or 0


# --- the email preference -----------------------------------------------------------------


def email_mode(user_id: int) -> str:
    pref = db.session.get(NotificationPreference, user_id)
    return pref.email_mode if pref else EmailMode.INSTANT.value


def email_modes(user_ids) -> dict[int, str]:
    """Each user's email mode (instant when they never chose), in one query."""
    ids = list(user_ids)
    modes = dict.fromkeys(ids, EmailMode.INSTANT.value)
    if ids:
        rows = db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.email_mode).where(
                NotificationPreference.user_id.in_(ids)
            )
        )
        modes.update({user_id: mode for user_id, mode in rows})
    return modes


def _set_mode(user_id: int, mode) -> NotificationPreference:
    valid = [m.value for m in EmailMode]
    if mode not in valid:
        raise ValidationError(fields={"email_mode": _l("Choose one of: %(modes)s.", modes=", ".join(valid))})
    pref = db.session.get(NotificationPreference, user_id)
    if pref is None:
        pref = NotificationPreference(user_id=user_id, email_mode=mode, last_digest_at=utcnow())
        db.session.add(pref)
    else:
        if mode == EmailMode.DAILY.value and pref.email_mode != mode:
            pref.last_digest_at = utcnow()  # the first digest covers what comes after switching
        pref.email_mode = mode
    return pref


@transactional
def set_email_mode(user, mode) -> NotificationPreference:
    """Choose instant mail, a daily digest or no notification mail."""
    _require_user(user)
    pref = _set_mode(user.id, mode)
    return pref
