"""The audit log: every moderator action with its before-state, and undo where it makes sense."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import events
from app.core.permissions import Perm, require
from app.extensions import db
from app.moderation.models import ModerationAction

# Actions whose before-state can be put back.
UNDOABLE = frozenset(
    {
        "hide", "unhide", "approve", "delete", "restore", "lock", "unlock", "pin", "unpin",
        "close", "reopen", "move", "edit", "suspend", "silence",
    }
)  # fmt: skip

ACTION_LABELS = {
    "flag_hide": _l("Hidden by flags"),
    "hide": _l("Hide"),
    "unhide": _l("Unhide"),
    "approve": _l("Approve"),
    "dismiss": _l("Dismiss flags"),
    "delete": _l("Delete"),
    "restore": _l("Restore"),
    "lock": _l("Lock"),
    "unlock": _l("Unlock"),
    "pin": _l("Pin"),
    "unpin": _l("Unpin"),
    "close": _l("Close"),
    "reopen": _l("Reopen"),
    "move": _l("Move"),
    "merge": _l("Merge"),
    "edit": _l("Edit"),
    "suspend": _l("Suspend"),
    "silence": _l("Silence"),
    "lift": _l("Lift restriction"),
    "undo": _l("Undo"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def log_action(
    actor,
    action: str,
    target_type: str,
    target_id: int,
    *,
    question_id=None,
    reason=None,
    before=None,
    after=None,
    batch=None,
) -> ModerationAction:
    """Add an audit row and a staff event to the current transaction (flushes)."""
    row = ModerationAction(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        question_id=question_id,
        reason=(reason or "").strip()[:500] or None,
        before=before or {},
        after=after or {},
        batch=batch,
    )
    db.session.add(row)
    db.session.flush()
    events.record(
        "moderation.action",
        actor=actor,
        subject_type=target_type,
        subject_id=target_id,
        audience=events.STAFF,
        payload={"action_id": row.id, "action": action, "question_id": question_id, "target_type": target_type},
    )
    return row


def can_undo(row: ModerationAction) -> bool:
    return row.action in UNDOABLE and row.undone_at is None


def recent(actor, *, action=None, page: int = 1, per_page: int = 50):
    """A page of the audit log, newest first (moderators)."""
    require(actor, Perm.MODERATE)
    stmt = select(ModerationAction).order_by(ModerationAction.id.desc())
    if action:
        stmt = stmt.where(ModerationAction.action == action)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
