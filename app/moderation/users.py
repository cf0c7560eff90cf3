"""Suspending and silencing users for a period, and clearing a spam wave in one go."""

import uuid
from datetime import timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth.models import User
from app.auth.services import get_user
from app.core import events
from app.core.errors import Conflict, Forbidden, NotFound, ValidationError
from app.core.permissions import Perm, forget_post_blocks, is_staff, require
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.moderation.audit import log_action
from app.moderation.models import Restriction
from app.moderation.services import moderate
from app.qa import models as qa_models

KINDS = ("suspend", "silence")
MAX_DAYS = 3650


def _days(value) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(fields={"days": _l("Choose between 1 and %(n)s days.", n=MAX_DAYS)})
    return days


def active_restriction(user_id: int, kind: str, now=None) -> Restriction | None:
    now = now or utcnow()
    return db.session.scalar(
        select(Restriction)
        .where(
            Restriction.user_id == user_id,
            Restriction.kind == kind,
            Restriction.lifted_at.is_(None),
            Restriction.starts_at <= now,
            Restriction.ends_at > now,
        )
        .order_by(Restriction.ends_at.desc())
    )


def is_silenced(user, now=None) -> bool:
    """Tell whether `user` may not post right now (Q&A and ideas check this before creating content)."""
    if user is None or not getattr(user, "id", None):
        return False
    return active_restriction(user.id, "silence", now) is not None


def silenced_reason(user) -> str | None:
    """The message a silenced user sees when posting (registered as a core post blocker)."""
    if is_staff(user):
        return None  # staff are never silenced (see restrict): skip the query
    restriction = active_restriction(user.id, "silence")
    if restriction is None:
        return None
    return str(_l("Your account is silenced until %(date)s.", date=format_datetime(restriction.ends_at, "medium")))


@transactional
def restrict(actor, user_id, kind: str, days, reason=None, *, batch=None) -> Restriction:
    """Suspend or silence a user for `days` days (moderators; never staff)."""
    require(actor, Perm.MODERATE)
    if kind not in KINDS:
        raise ValidationError(fields={"kind": _l("Choose suspend or silence.")})
    user = get_user(user_id)
    if is_staff(user) or user.id == actor.id:
        raise Forbidden(_l("Staff accounts cannot be suspended or silenced here."))
    days = _days(days)
    if active_restriction(user.id, kind):
        raise Conflict(_l("This user is already restricted."), code="already_restricted")
    now = utcnow()
    row = Restriction(
        user_id=user.id,
        kind=kind,
        reason=(reason or "").strip()[:500] or None,
        created_by_id=actor.id,
        starts_at=now,
        ends_at=now + timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    before = {"is_suspended": user.is_suspended}
    if kind == "suspend":
        user.is_suspended = True
        user.session_version += 1  # sign them out everywhere
    after = {"restriction_id": row.id, "ends_at": row.ends_at.isoformat(), "days": days}
    log_action(actor, kind, "user", user.id, reason=reason, before=before, after=after, batch=batch)
    events.record(
        f"user.{'suspended' if kind == 'suspend' else 'silenced'}",
        actor=actor,
        subject_type="user",
        subject_id=user.id,
        audience=events.STAFF,
        payload={"user_id": user.id, "ends_at": row.ends_at.isoformat()},
    )
    forget_post_blocks()
    return row


@transactional
def lift(actor, restriction_id, *, audit: bool = True) -> Restriction:
    """End a restriction now (moderators)."""
    require(actor, Perm.MODERATE)
    row = db.session.get(Restriction, restriction_id)
    if row is None:
        raise NotFound()
    if row.lifted_at is not None:
        raise Conflict(_l("This restriction was already lifted."), code="already_lifted")
    row.lifted_at = utcnow()
    _sync_suspended(row.user)
    if audit:
        log_action(actor, "lift", "user", row.user_id, after={"restriction_id": row.id})
    return row


def _sync_suspended(user: User) -> None:
    forget_post_blocks()
    user.is_suspended = active_restriction(user.id, "suspend") is not None


@transactional
def expire(now=None) -> int:
    """Lift suspensions whose period ended (run by `flask moderation expire` and the queue page)."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(Restriction).where(
            Restriction.kind == "suspend", Restriction.lifted_at.is_(None), Restriction.ends_at <= now
        )
    ).all()
    for row in rows:
        row.lifted_at = now
        row.user.is_suspended = active_restriction(row.user_id, "suspend", now) is not None
    return len(rows)


def restrictions_of(user_id: int) -> list[Restriction]:
    stmt = select(Restriction).where(Restriction.user_id == user_id).order_by(Restriction.id.desc())
    return list(db.session.scalars(stmt))


@transactional
def clear_spam_wave(actor, user_id, *, action: str = "delete", suspend_days=None, reason=None) -> str:
    """Hide or delete every visible post of a user and optionally suspend them; returns the batch id."""
    require(actor, Perm.MODERATE)
    if action not in ("hide", "delete"):
        raise ValidationError(fields={"action": _l("Choose hide or delete.")})
    user = get_user(user_id)
    if is_staff(user):
        raise Forbidden(_l("Staff accounts cannot be cleared as spam."))
    if suspend_days not in (None, "", 0):
        _days(suspend_days)
    batch = uuid.uuid4().hex[:16]
    wanted = (qa_models.VISIBLE,) if action == "hide" else (qa_models.VISIBLE, qa_models.HELD)
    for model in (qa_models.Answer, qa_models.Question):
        ids = db.session.scalars(
            select(model.id).where(model.author_id == user.id, model.status.in_(wanted)).order_by(model.id)
        ).all()
        for post_id in ids:
            moderate(actor, model.post_type, post_id, action, reason=reason, batch=batch)
    if suspend_days not in (None, "", 0) and not active_restriction(user.id, "suspend"):
        restrict(actor, user.id, "suspend", suspend_days, reason, batch=batch)
    return batch
