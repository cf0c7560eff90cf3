"""The few things tickets and moderation need from Q&A, in one place (reads by id, writes via Q&A services)."""

from datetime import datetime

from sqlalchemy import select

from app.extensions import db


def _models():
    from app.qa import models

    return models


def get_question(question_id):
    try:
        return db.session.get(_models().Question, int(question_id))
    except (TypeError, ValueError):
        return None


def get_answer(answer_id):
    try:
        return db.session.get(_models().Answer, int(answer_id))
    except (TypeError, ValueError):
        return None


def get_comment(comment_id):
    try:
        return db.session.get(_models().Comment, int(comment_id))
    except (TypeError, ValueError):
        return None


def get_post(post_type: str, post_id):
    getter = {"question": get_question, "answer": get_answer, "comment": get_comment}.get(post_type)
    return getter(post_id) if getter else None


def unanswered_before(cutoff: datetime, *, exclude) -> list:
    """Visible questions older than `cutoff` with no answer, not in the `exclude` subquery."""
    m = _models()
    stmt = (
        select(m.Question)
        .where(
            m.Question.status == m.VISIBLE,
            m.Question.answer_count == 0,
            m.Question.created_at < cutoff,
            m.Question.id.not_in(exclude),
        )
        .order_by(m.Question.id)
        .limit(500)
    )
    return list(db.session.scalars(stmt))


def post_answer(actor, question_id: int, body: str):
    """Answer through the Q&A service (its rules, events and counters)."""
    from app.qa import services

    return services.post_answer(actor, get_question(question_id), body=body)


def replace_body_as_moderator(actor, post_type: str, post_id: int, body: str) -> None:
    """Edit a post's body through the Q&A edit service, as the moderator (a revision is kept)."""
    from app.qa import services

    if post_type == "question":
        services.edit_question(actor, get_question(post_id), body=body)
    else:
        services.edit_answer(actor, get_answer(post_id), body=body)
