"""Moderator actions on posts: hide, delete, lock, pin, close, move, merge, edit — each audited."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import events
from app.core.errors import Conflict, ValidationError
from app.core.permissions import Perm, require
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.moderation.audit import log_action
from app.moderation.merge import merge_questions
from app.moderation.models import DuplicateLink, Flag
from app.qa import models as qa_models
from app.qa import moderation as qa_posts
from app.qa.moderation import get_post, get_question, question_of, snapshot
from app.qa.services import find_space

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


@transactional
def _post_action(actor, post, action: str, reason, batch):
    before = snapshot(post)
    target = {
        "approve": qa_models.VISIBLE,
        "dismiss": post.status,
        "hide": qa_models.HELD,
        "unhide": qa_models.VISIBLE,
        "delete": qa_models.DELETED,
        "restore": qa_models.VISIBLE,
    }[action]
    expected = {
        "approve": (qa_models.HELD, qa_models.VISIBLE),
        "unhide": (qa_models.HELD,),
        "restore": (qa_models.DELETED,),
        "hide": (qa_models.VISIBLE,),
    }
    if action in expected and post.status not in expected[action]:
        raise Conflict(_l("This action does not apply to the post in its current state."), code="invalid_state")
    if action == "delete" and post.status == qa_models.DELETED:
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
    qa_posts.set_status(actor, post, target)
    return post


def resolve_flags(actor, post, outcome: str) -> int:
    """Close the open flags on a post as helpful or declined; return how many."""
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
        payload=qa_posts.payload(post),
    )


# --- question-only actions ------------------------------------------------------------------

FIELD_EVENTS = {
    "lock": ("question.locked", {"is_locked": True}),
    "unlock": ("question.unlocked", {"is_locked": False}),
    "pin": ("question.pinned", {"is_pinned": True}),
    "unpin": ("question.unpinned", {"is_pinned": False}),
    "reopen": ("question.reopened", {"is_closed": False, "closed_reason": None}),
}


@transactional
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
        return merge_questions(actor, question, options.get("into"), reason)
    log_action(
        actor, action, "question", question.id, question_id=question.id, reason=reason, before=before, after=after
    )
    apply_question_state(actor, question, after, kind)
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
    space = find_space(options.get("space"))
    if space.id == question.space_id:
        raise ValidationError(fields={"space": _l("The question is already in that space.")})
    return {"space_id": space.id}


def apply_question_state(actor, question, state: dict, kind: str | None = None) -> None:
    """Change the question through Q&A's moderation API and keep the duplicate link with it."""
    qa_posts.set_question_state(actor, question, state, kind)
    if "duplicate_of_id" in state:
        _set_duplicate(question.id, state["duplicate_of_id"])


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


@transactional
def edit_post(actor, post_type: str, post_id, *, body, title=None, reason=None):
    """Edit any post as a moderator through the Q&A edit service (a revision is kept)."""
    require(actor, Perm.MODERATE)
    reason = _reason(reason)
    post = get_post(post_type, post_id)
    before = {"body": post.body, **({"title": post.title} if post_type == "question" else {})}
    # The Q&A edit joins this transaction; the audit row follows only a real change.
    qa_posts.edit_post(actor, post, title=title, body=body)
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
    return post
