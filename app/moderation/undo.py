"""Putting back the before-state of an audited action."""

from app.extensions import db
from app.moderation import posts
from app.moderation.models import ModerationAction, Restriction


def apply(actor, row: ModerationAction) -> None:
    """Restore what `row` changed (the caller checked that it is undoable and commits)."""
    before = row.before or {}
    if row.target_type == "user":
        _undo_restriction(actor, row)
        return
    post = posts.get_post(row.target_type, row.target_id)
    if row.action == "edit":
        _undo_edit(actor, row, post, before)
        return
    if row.action in ("hide", "unhide", "approve", "delete", "restore"):
        posts.set_status(actor, post, before["status"])
        return
    from app.moderation.services import apply_question_state

    kind = {"lock": "question.unlocked", "unlock": "question.locked", "pin": "question.unpinned",
            "unpin": "question.pinned", "close": "question.reopened", "reopen": "question.closed",
            "move": "question.moved"}[row.action]  # fmt: skip
    state = {k: before.get(k) for k in (row.after or {}) if k in before}
    apply_question_state(actor, post, state, kind)


def _undo_edit(actor, row, post, before: dict) -> None:
    from app.qa import services as qa_services

    if row.target_type == "question":
        qa_services.edit_question(actor, post, title=before.get("title"), body=before.get("body"))
    else:
        qa_services.edit_answer(actor, post, body=before.get("body"))


def _undo_restriction(actor, row: ModerationAction) -> None:
    restriction = db.session.get(Restriction, (row.after or {}).get("restriction_id"))
    if restriction is not None and restriction.lifted_at is None:
        from app.moderation.users import lift

        lift(actor, restriction.id, audit=False)
