"""Reading and changing Q&A posts for moderation (through Q&A services where they exist)."""

from flask_babel import lazy_gettext as _l

from app.core import events
from app.core.errors import NotFound, ValidationError
from app.extensions import db

POST_TYPES = ("question", "answer")


def qa():
    from app.qa import models

    return models


def get_post(post_type: str, post_id):
    """A question or answer by id, or NotFound."""
    if post_type not in POST_TYPES:
        raise NotFound()
    model = qa().Question if post_type == "question" else qa().Answer
    try:
        post = db.session.get(model, int(post_id))
    except (TypeError, ValueError):
        post = None
    if post is None:
        raise NotFound(_l("Post not found."))
    return post


def question_of(post):
    return post if post.post_type == "question" else post.question


def get_question(question_id, field: str = "question_id"):
    try:
        question = db.session.get(qa().Question, int(question_id))
    except (TypeError, ValueError):
        question = None
    if question is None:
        raise ValidationError(fields={field: _l("No question with that number.")})
    return question


def payload(post, **extra) -> dict:
    question = question_of(post)
    data = {"question_id": question.id, "space_id": question.space_id, "post_type": post.post_type}
    if post.post_type == "answer":
        data["answer_id"] = post.id
    return {**data, **extra}


def set_status(actor, post, status: str) -> None:
    """Move a post between visible / held / deleted, keeping Q&A counters and events right."""
    from app.qa import services as qa_services

    m = qa()
    old = post.status
    if old == status:
        return
    if old == m.DELETED:
        _restore(actor, post)
    if status == m.DELETED:
        (qa_services.delete_question if post.post_type == "question" else qa_services.delete_answer)(actor, post)
        return
    if status == m.VISIBLE and post.status == m.HELD:
        qa_services.approve_post(actor, post.post_type, post.id)
        return
    if status == m.HELD and post.status == m.VISIBLE:
        post.status = m.HELD
        if post.post_type == "answer":
            qa_services.refresh_answer_count(post.question)
        # Only ids: live pages drop the post, search forgets it.
        events.record(
            f"{post.post_type}.hidden",
            actor=actor,
            subject_type=post.post_type,
            subject_id=post.id,
            payload=payload(post),
        )
        db.session.commit()


def _restore(actor, post) -> None:
    from app.qa import services as qa_services

    (qa_services.restore_question if post.post_type == "question" else qa_services.restore_answer)(actor, post)


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


def author_history(user_id) -> dict:
    """What a moderator wants to know about an author: posts, held/deleted ones, flags against them."""
    from app.moderation.queue import author_history as history

    return history(user_id)
