"""Undo: put back the before-state of an audited action, each at most once."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import Conflict, NotFound
from app.core.permissions import Perm, require
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.moderation import audit, users
from app.moderation.models import ModerationAction, Restriction
from app.moderation.services import apply_question_state
from app.qa import moderation as qa_posts


def apply(actor, row: ModerationAction) -> None:
    """Restore what `row` changed (the caller checked that it is undoable and commits)."""
    before = row.before or {}
    if row.target_type == "user":
        _undo_restriction(actor, row)
        return
    post = qa_posts.get_post(row.target_type, row.target_id)
    if row.action == "edit":
        _undo_edit(actor, row, post, before)
        return
    if row.action in ("hide", "unhide", "approve", "delete", "restore"):
        qa_posts.set_status(actor, post, before["status"])
        return
    kind = {"lock": "question.unlocked", "unlock": "question.locked", "pin": "question.unpinned",
            "unpin": "question.pinned", "close": "question.reopened", "reopen": "question.closed",
            "move": "question.moved"}[row.action]  # fmt: skip
    state = {k: before.get(k) for k in (row.after or {}) if k in before}
    apply_question_state(actor, post, state, kind)


def _undo_edit(actor, row, post, before: dict) -> None:
    qa_posts.edit_post(actor, post, title=before.get("title"), body=before.get("body"))


def _undo_restriction(actor, row: ModerationAction) -> None:
    restriction = db.session.get(Restriction, (row.after or {}).get("restriction_id"))
    if restriction is not None and restriction.lifted_at is None:
        users.lift(actor, restriction.id, audit=False)


@transactional
def undo(actor, action_id) -> ModerationAction:
    """Put back the state before an action (moderators); each action is undone at most once."""
    require(actor, Perm.MODERATE)
    try:
        row = db.session.get(ModerationAction, int(action_id))
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise NotFound()
    if row.action not in audit.UNDOABLE:
        raise Conflict(_l("This action cannot be undone."), code="not_undoable")
    if row.undone_at is not None:
        raise Conflict(_l("This action was already undone."), code="already_undone")
    row.undone_at, row.undone_by_id = utcnow(), actor.id
    audit.log_action(
        actor,
        "undo",
        row.target_type,
        row.target_id,
        question_id=row.question_id,
        before=row.after,
        after={"undid": row.id, "action": row.action},
    )
    apply(actor, row)
    return row


@transactional
def undo_batch(actor, batch: str) -> int:
    """Undo every still-undoable action of a bulk operation; return how many."""
    require(actor, Perm.MODERATE)
    rows = db.session.scalars(
        select(ModerationAction).where(ModerationAction.batch == batch).order_by(ModerationAction.id.desc())
    ).all()
    if not rows:
        raise NotFound()
    done = 0
    for row in rows:
        if audit.can_undo(row):
            undo(actor, row.id)
            done += 1
    return done
