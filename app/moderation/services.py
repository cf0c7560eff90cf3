"""Moderator actions on posts: hide, delete, lock, pin, close, move, merge, edit — each audited."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import events
from app.core.errors import Conflict, ValidationError
from app.core.permissions import Perm, require
from app.extensions import db
from app.moderation import posts
from app.moderation.audit import log_action
from app.moderation.models import DuplicateLink, Flag
from app.moderation.posts import get_post, get_question, question_of, snapshot

CLOSE_REASONS = ("duplicate", "off_topic", "resolved")
POST_ACTIONS = ("approve", "dismiss", "hide", "unhide", "delete", "restore")
QUESTION_ACTIONS = ("lock", "unlock", "pin", "unpin", "close", "reopen", "move", "merge")
REASON_MAX = 500


def _reason(value) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(fields={"reason": _l("Must be a string.")})
    value = (value or "").strip()
    if len(value) > REASON_MAX:
        raise ValidationError(fields={"reason": _l("Must be at most %(n)s characters.", n=REASON_MAX)})
    return value or None


def moderate(actor, post_type: str, post_id, action: str, *, reason=None, batch=None, **options):
    """Apply one moderator action to a post and write it to the audit log."""
    require(actor, Perm.MODERATE)
    reason = _reason(reason)
    post = get_post(post_type, post_id)
    if action in POST_ACTIONS:
        return _post_action(actor, post, action, reason, batch)
    if action in QUESTION_ACTIONS:
        if post_type != "question":
            raise ValidationError(fields={"action": _l("This action applies to questions only.")})
        return _question_action(actor, post, action, reason, options)
    raise ValidationError(fields={"action": _l("Unknown moderation action.")})


def _post_action(actor, post, action: str, reason, batch):
    m = posts.qa()
    before = snapshot(post)
    target = {
        "approve": m.VISIBLE,
        "dismiss": post.status,
        "hide": m.HELD,
        "unhide": m.VISIBLE,
        "delete": m.DELETED,
        "restore": m.VISIBLE,
    }[action]
    expected = {"approve": (m.HELD, m.VISIBLE), "unhide": (m.HELD,), "restore": (m.DELETED,), "hide": (m.VISIBLE,)}
    if action in expected and post.status not in expected[action]:
        raise Conflict(_l("This action does not apply to the post in its current state."), code="invalid_state")
    if action == "delete" and post.status == m.DELETED:
        raise Conflict(_l("It is already deleted."), code="invalid_state")
    resolved = resolve_flags(actor, post, "declined" if action in ("approve", "dismiss") else "helpful")
    log_action(
        actor,
        action,
        post.post_type,
        post.id,
        question_id=question_of(post).id,
        reason=reason,
        before=before,
        after={"status": target, "flags_resolved": resolved},
        batch=batch,
    )
    _queue_changed(actor, post)
    posts.set_status(actor, post, target)
    db.session.commit()
    return post


def resolve_flags(actor, post, outcome: str) -> int:
    """Close the open flags on a post as helpful or declined; return how many."""
    from app.core.timeutil import utcnow

    flags = db.session.scalars(
        select(Flag).where(Flag.post_type == post.post_type, Flag.post_id == post.id, Flag.status == "open")
    ).all()
    for flag in flags:
        flag.status, flag.resolved_at, flag.resolved_by_id = outcome, utcnow(), getattr(actor, "id", None)
    return len(flags)


def _queue_changed(actor, post) -> None:
    events.record(
        "moderation.queue_changed",
        actor=actor,
        subject_type=post.post_type,
        subject_id=post.id,
        audience=events.STAFF,
        payload=posts.payload(post),
    )


# --- question-only actions ------------------------------------------------------------------

FIELD_EVENTS = {
    "lock": ("question.locked", {"is_locked": True}),
    "unlock": ("question.unlocked", {"is_locked": False}),
    "pin": ("question.pinned", {"is_pinned": True}),
    "unpin": ("question.unpinned", {"is_pinned": False}),
    "reopen": ("question.reopened", {"is_closed": False, "closed_reason": None}),
}


def _question_action(actor, question, action: str, reason, options: dict):
    before = snapshot(question)
    before["duplicate_of_id"] = duplicate_of(question.id)
    if action in FIELD_EVENTS:
        kind, changes = FIELD_EVENTS[action]
        if all(getattr(question, k) == v for k, v in changes.items()):
            raise Conflict(_l("This action does not apply to the question in its current state."), code="invalid_state")
        after = dict(changes)
        if action == "reopen":
            after["duplicate_of_id"] = None
    elif action == "close":
        kind, after = "question.closed", _close_changes(question, options)
    elif action == "move":
        kind, after = "question.moved", _move_changes(question, options)
    else:
        from app.moderation.merge import merge_questions

        return merge_questions(actor, question, options.get("into"), reason)
    log_action(
        actor, action, "question", question.id, question_id=question.id, reason=reason, before=before, after=after
    )
    apply_question_state(actor, question, after, kind)
    db.session.commit()
    return question


def _close_changes(question, options: dict) -> dict:
    close_reason = options.get("close_reason")
    if close_reason not in CLOSE_REASONS:
        raise ValidationError(fields={"close_reason": _l("Choose duplicate, off-topic or resolved.")})
    if question.is_closed:
        raise Conflict(_l("This question is already closed."), code="invalid_state")
    after = {"is_closed": True, "closed_reason": close_reason, "duplicate_of_id": None}
    if close_reason == "duplicate":
        target = get_question(options.get("duplicate_of"), "duplicate_of")
        if target.id == question.id:
            raise ValidationError(fields={"duplicate_of": _l("A question cannot duplicate itself.")})
        after["duplicate_of_id"] = target.id
    return after


def _move_changes(question, options: dict) -> dict:
    from app.qa.services import find_space

    space = find_space(options.get("space"))
    if space.id == question.space_id:
        raise ValidationError(fields={"space": _l("The question is already in that space.")})
    return {"space_id": space.id}


def apply_question_state(actor, question, state: dict, kind: str | None = None) -> None:
    """Set lock/pin/close/space fields and record the public event live pages listen to."""
    from app.qa.services import edit_question

    extra = {}
    if "space_id" in state and state["space_id"] != question.space_id:
        extra["old_space_id"] = question.space_id
        db.session.flush()
        edit_question(actor, question, space=state["space_id"])  # Q&A records question.edited
    for field in ("is_locked", "is_pinned", "is_closed", "closed_reason"):
        if field in state:
            setattr(question, field, state[field])
    if "duplicate_of_id" in state:
        _set_duplicate(question.id, state["duplicate_of_id"])
    if kind:
        data = {k: v for k, v in state.items() if k != "body" and k != "title"}
        events.record(
            kind,
            actor=actor,
            subject_type="question",
            subject_id=question.id,
            payload={"question_id": question.id, "space_id": question.space_id, **data, **extra},
        )


def duplicate_of(question_id: int) -> int | None:
    link = db.session.get(DuplicateLink, question_id)
    return link.duplicate_of_id if link else None


def _set_duplicate(question_id: int, target_id: int | None, merged: bool = False) -> None:
    link = db.session.get(DuplicateLink, question_id)
    if target_id is None:
        if link is not None:
            db.session.delete(link)
        return
    if link is None:
        db.session.add(DuplicateLink(question_id=question_id, duplicate_of_id=target_id, merged=merged))
    else:
        link.duplicate_of_id, link.merged = target_id, merged


# --- editing any post -----------------------------------------------------------------------


def edit_post(actor, post_type: str, post_id, *, body, title=None, reason=None):
    """Edit any post as a moderator through the Q&A edit service (a revision is kept)."""
    from app.qa import services as qa_services

    require(actor, Perm.MODERATE)
    reason = _reason(reason)
    post = get_post(post_type, post_id)
    before = {"body": post.body, **({"title": post.title} if post_type == "question" else {})}
    # The Q&A service validates and commits first; the audit row follows only a real change.
    if post_type == "question":
        qa_services.edit_question(actor, post, title=title, body=body)
    else:
        qa_services.edit_answer(actor, post, body=body)
    after = {"body": post.body, **({"title": post.title} if post_type == "question" else {})}
    if after != before:
        log_action(
            actor,
            "edit",
            post_type,
            post.id,
            question_id=question_of(post).id,
            reason=reason,
            before=before,
            after=after,
        )
        db.session.commit()
    return post
