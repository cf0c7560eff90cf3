"""Q&A's moderation API: post status, lock, pin, close and move, with the events they record.

Moderation decides and audits; these functions change Q&A's own state and tell the log. They
flush only: the moderator's action (a unit of work) commits once with its audit row.
"""

from flask_babel import lazy_gettext as _l

from app.core import events
from app.core.errors import NotFound, ValidationError
from app.extensions import db
from app.qa import services
from app.qa.models import DELETED, HELD, VISIBLE, Answer, Question

POST_TYPES = ("question", "answer")
QUESTION_FIELDS = ("is_locked", "is_pinned", "is_closed", "closed_reason")


def get_post(post_type: str, post_id) -> Question | Answer:
    """A question or answer by id, or NotFound."""
    if post_type not in POST_TYPES:
        raise NotFound()
    model = Question if post_type == "question" else Answer
    try:
        post = db.session.get(model, int(post_id))
    except (TypeError, ValueError):
        post = None
    if post is None:
        raise NotFound(_l("Post not found."))
    return post


def question_of(post) -> Question:
    return post if post.post_type == "question" else post.question


def get_question(question_id, field: str = "question_id") -> Question:
    """A question by id, or a 400 naming `field`."""
    try:
        question = db.session.get(Question, int(question_id))
    except (TypeError, ValueError):
        question = None
    if question is None:
        raise ValidationError(fields={field: _l("No question with that number.")})
    return question


def payload(post, **extra) -> dict:
    """The ids staff and live pages need about a post (never its text)."""
    question = question_of(post)
    data = {"question_id": question.id, "space_id": question.space_id, "post_type": post.post_type}
    if post.post_type == "answer":
        data["answer_id"] = post.id
    return {**data, **extra}


def snapshot(post) -> dict:
    """The state of a post that moderator actions change (stored for undo)."""
    data = {"status": post.status}
    if post.post_type == "question":
        data.update(
            is_locked=post.is_locked,
            is_closed=post.is_closed,
            closed_reason=post.closed_reason,
            is_pinned=post.is_pinned,
            space_id=post.space_id,
            title=post.title,
        )
    data["body"] = post.body
    return data


def set_status(actor, post, status: str) -> None:
    """Move a post between visible / held / deleted, keeping counters and events right."""
    old = post.status
    if old == status:
        return
    if old == DELETED:
        (services.restore_question if post.post_type == "question" else services.restore_answer)(actor, post)
    if status == DELETED:
        (services.delete_question if post.post_type == "question" else services.delete_answer)(actor, post)
        return
    if status == VISIBLE and post.status == HELD:
        services.approve_post(actor, post.post_type, post.id)
        return
    if status == HELD and post.status == VISIBLE:
        _hide(actor, post)


def _hide(actor, post) -> None:
    post.status = HELD
    if post.post_type == "answer":
        services.refresh_answer_count(post.question)
    # Only ids: live pages drop the post, search forgets it.
    events.record(
        f"{post.post_type}.hidden", actor=actor, subject_type=post.post_type, subject_id=post.id, payload=payload(post)
    )


def set_question_state(actor, question: Question, state: dict, kind: str | None = None) -> None:
    """Set lock/pin/close fields and the space, and record `kind` for live pages.

    `state` may carry other keys (e.g. the moderator's duplicate link): they go into the event.
    """
    extra = {}
    if "space_id" in state and state["space_id"] != question.space_id:
        extra["old_space_id"] = question.space_id
        db.session.flush()
        services.edit_question(actor, question, space=state["space_id"])  # records question.edited
    for field in QUESTION_FIELDS:
        if field in state:
            setattr(question, field, state[field])
    if kind:
        data = {k: v for k, v in state.items() if k not in ("body", "title")}
        events.record(
            kind,
            actor=actor,
            subject_type="question",
            subject_id=question.id,
            payload={"question_id": question.id, "space_id": question.space_id, **data, **extra},
        )


def edit_post(actor, post, *, body, title=None) -> None:
    """Edit a question's title and body or an answer's body through the Q&A edit service."""
    if post.post_type == "question":
        services.edit_question(actor, post, title=title, body=body)
    else:
        services.edit_answer(actor, post, body=body)
