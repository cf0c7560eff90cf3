"""Root causes: the admin-managed list of contact reasons, and staff setting one on a ticket, question or idea."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.core import events
from app.core.errors import Conflict, NotFound, ValidationError
from app.core.permissions import Perm, is_staff, require
from app.core.sanitize import clean_plain_text
from app.extensions import db
from app.insight.models import RootCause, RootCauseAssignment

SUBJECTS = ("ticket", "question", "idea")
NAME_FIELDS = ("name_en", "name_zh_hans", "name_zh_hant")


def all_root_causes(active_only: bool = False) -> list[RootCause]:
    stmt = select(RootCause).order_by(RootCause.position, RootCause.name_en)
    if active_only:
        stmt = stmt.where(RootCause.is_active.is_(True))
    return list(db.session.scalars(stmt))


def label(cause: RootCause | None) -> str:
    """The cause's name in the current interface language."""
    return cause.name(str(get_locale() or "en")) if cause else ""


def _names(values: dict) -> dict:
    names = {}
    for key in NAME_FIELDS:
        raw = values.get(key)
        text = clean_plain_text(raw) if isinstance(raw, str) else ""
        if len(text) > 80:
            raise ValidationError(fields={key: _l("Use at most 80 characters.")})
        names[key] = text
    if not names["name_en"]:
        raise ValidationError(fields={"name_en": _l("Enter a name.")})
    names["name_zh_hans"] = names["name_zh_hans"] or names["name_en"]
    names["name_zh_hant"] = names["name_zh_hant"] or names["name_en"]
    return names


def _unique(name_en: str, current_id=None) -> None:
    clash = db.session.scalar(select(RootCause.id).where(func.lower(RootCause.name_en) == name_en.lower()))
    if clash and clash != current_id:
        raise Conflict(fields={"name_en": _l("This root cause already exists.")})


def _position(value) -> int:
    try:
        return max(0, min(int(value or 0), 10_000))
    except (TypeError, ValueError):
        raise ValidationError(fields={"position": _l("Enter a whole number.")}) from None


def create_root_cause(actor, values: dict) -> RootCause:
    """Add a root cause to the list (admins)."""
    require(actor, Perm.ADMIN)
    names = _names(values)
    _unique(names["name_en"])
    cause = RootCause(**names, position=_position(values.get("position")), is_active=True)
    db.session.add(cause)
    db.session.flush()
    _record("root_cause.created", actor, cause)
    db.session.commit()
    return cause


def update_root_cause(actor, cause_id, values: dict) -> RootCause:
    """Rename, reorder or retire a root cause (admins)."""
    require(actor, Perm.ADMIN)
    cause = get_root_cause(cause_id)
    names = _names(values)
    _unique(names["name_en"], cause.id)
    for key, value in names.items():
        setattr(cause, key, value)
    cause.position = _position(values.get("position"))
    cause.is_active = bool(values.get("is_active"))
    _record("root_cause.updated", actor, cause)
    db.session.commit()
    return cause


def get_root_cause(cause_id) -> RootCause:
    cause = db.session.get(RootCause, int(cause_id)) if str(cause_id).isdigit() else None
    if cause is None:
        raise NotFound(_l("There is no such root cause."))
    return cause


def _record(kind: str, actor, cause: RootCause) -> None:
    events.record(kind, actor=actor, subject_type="root_cause", subject_id=cause.id, audience=events.STAFF,
                  payload={"root_cause_id": cause.id, "name_en": cause.name_en, "active": cause.is_active})  # fmt: skip


def assigned(subject_type: str, subject_id: int) -> RootCause | None:
    row = db.session.get(RootCauseAssignment, (subject_type, subject_id))
    return row.root_cause if row else None


def assign(actor, subject_type: str, subject_id: int, cause_id, *, commit: bool = True) -> RootCauseAssignment:
    """Set the root cause of a ticket, question or idea (staff); the caller checked the subject exists."""
    if not is_staff(actor):
        require(actor, Perm.WORK_TICKETS)
    if subject_type not in SUBJECTS:
        raise ValidationError(fields={"subject_type": _l("Use one of: %(choices)s.", choices=", ".join(SUBJECTS))})
    cause = get_root_cause(cause_id)
    if not cause.is_active:
        raise ValidationError(fields={"root_cause_id": _l("This root cause is retired.")})
    row = db.session.get(RootCauseAssignment, (subject_type, subject_id))
    if row is None:
        row = RootCauseAssignment(subject_type=subject_type, subject_id=subject_id)
        db.session.add(row)
    row.root_cause_id, row.set_by_id = cause.id, actor.id
    db.session.flush()
    events.record("root_cause.assigned", actor=actor, subject_type=subject_type, subject_id=subject_id,
                  audience=events.STAFF, payload={"root_cause_id": cause.id, f"{subject_type}_id": subject_id})  # fmt: skip
    if commit:
        db.session.commit()
    return row


def check_ticket_can_be_solved(ticket) -> None:
    """A ticket is solved only with a root cause, once the list has any (registered as a tickets hook)."""
    if assigned("ticket", ticket.id) is not None:
        return
    if db.session.scalar(select(RootCause.id).where(RootCause.is_active.is_(True)).limit(1)) is None:
        return
    raise Conflict(
        _l("Choose a root cause before solving this ticket."),
        code="root_cause_required",
        fields={"root_cause_id": _l("Choose a root cause.")},
    )
