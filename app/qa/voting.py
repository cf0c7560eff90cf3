"""Votes, accepted answers and "I have this question too"."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core import events
from app.core.errors import Conflict, Forbidden, NotFound, ValidationError
from app.core.permissions import Perm, require
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.qa import reputation
from app.qa.models import VISIBLE, Answer, MeToo, Question, Vote
from app.qa.services import can_accept, get_question, record


def _check_value(value) -> int:
    if isinstance(value, bool) or value not in (-1, 0, 1):
        raise ValidationError(fields={"value": _l("Use 1 (up), -1 (down) or 0 (remove).")})
    return int(value)


def _votable(actor, post_type: str, post_id: int):
    model = {"question": Question, "answer": Answer}.get(post_type)
    post = db.session.get(model, post_id) if model else None
    if post is None:
        raise NotFound()
    question = post if post_type == "question" else get_question(actor, post.question_id)
    if post.status != VISIBLE or question.status != VISIBLE:
        if post.status == "deleted" or question.status == "deleted":
            raise Conflict(fields={"post": _l("You cannot vote on a deleted post.")}, code="deleted")
        raise NotFound()
    if post.author_id == actor.id:
        raise Forbidden(_l("You cannot vote on your own post."), code="own_post")
    return post, question


def _upsert_vote(user_id: int, post_type: str, post_id: int, value: int) -> int:
    """Set the user's vote row; returns the previous value. Two racing inserts leave one row."""
    stmt = select(Vote).where(Vote.user_id == user_id, Vote.post_type == post_type, Vote.post_id == post_id)
    row = db.session.scalar(stmt)
    if row is None and value != 0:
        try:
            with db.session.begin_nested():
                db.session.add(Vote(user_id=user_id, post_type=post_type, post_id=post_id, value=value))
            return 0
        except IntegrityError:
            row = db.session.scalar(stmt)
    if row is None:
        return 0
    previous = row.value
    if previous == value:
        return previous  # the same vote again changes nothing, not even its time
    if value == 0:
        db.session.delete(row)
    else:
        row.value, row.updated_at = value, utcnow()
    return previous


@transactional
def vote(actor, post_type: str, post_id: int, value) -> int:
    """Vote a question or answer up (1), down (-1) or remove the vote (0); returns the new score."""
    require(actor, Perm.POST)
    value = _check_value(value)
    post, question = _votable(actor, post_type, post_id)
    previous = _upsert_vote(actor.id, post_type, post_id, value)
    if previous == value:
        return post.score
    db.session.flush()
    post.score = db.session.scalar(
        select(func.coalesce(func.sum(Vote.value), 0)).where(Vote.post_type == post_type, Vote.post_id == post_id)
    )
    reputation.set_vote_reputation(actor.id, post.author_id, post_type, post_id, value)
    extra = {"answer_id": post.id} if post_type == "answer" else {}
    record("vote.changed", actor, post, question, post_type=post_type, post_id=post.id, score=post.score, **extra)
    return post.score


@transactional
def accept_answer(actor, answer: Answer) -> Question:
    """Accept `answer` (the asker or a moderator); replaces an earlier accepted answer."""
    question = get_question(actor, answer.question_id)
    if not can_accept(actor, question):
        raise Forbidden(_l("Only the asker or a moderator can accept an answer."))
    if answer.status != VISIBLE or question.status != VISIBLE:
        raise Conflict(fields={"answer": _l("Only visible answers can be accepted.")})
    previous_id = question.accepted_answer_id
    if previous_id == answer.id:
        return question
    if previous_id:
        previous = db.session.get(Answer, previous_id)
        if previous is not None:
            reputation.set_accept_reputation(previous, False, actor.id)
    question.accepted_answer_id = answer.id
    question.last_activity_at = utcnow()
    reputation.set_accept_reputation(answer, True, actor.id)
    record("answer.accepted", actor, answer, question, answer_id=answer.id, previous_answer_id=previous_id)
    return question


@transactional
def unaccept_answer(actor, question: Question) -> Question:
    """Clear the accepted answer (the asker or a moderator)."""
    if not can_accept(actor, question):
        raise Forbidden(_l("Only the asker or a moderator can accept an answer."))
    previous = db.session.get(Answer, question.accepted_answer_id) if question.accepted_answer_id else None
    if previous is None:
        return question
    question.accepted_answer_id = None
    reputation.set_accept_reputation(previous, False, actor.id)
    events.record(
        "answer.accepted",
        actor=actor,
        subject_type="question",
        subject_id=question.id,
        payload={
            "question_id": question.id,
            "space_id": question.space_id,
            "author_id": question.author_id,
            "answer_id": None,
            "previous_answer_id": previous.id,
        },
    )
    return question


@transactional
def me_too(actor, question: Question) -> int:
    """Say "I have this question too" once; returns the count."""
    require(actor, Perm.POST)
    if question.status != VISIBLE:
        raise Conflict(_l("This question is not open."))
    if question.author_id == actor.id:
        raise Forbidden(_l("You asked this question yourself."), code="own_post")
    try:
        with db.session.begin_nested():
            db.session.add(MeToo(user_id=actor.id, question_id=question.id))
    except IntegrityError:
        return question.me_too_count
    question.me_too_count = db.session.scalar(select(func.count(MeToo.id)).where(MeToo.question_id == question.id))
    record("question.me_too", actor, question, question, count=question.me_too_count)
    return question.me_too_count


def has_me_too(user, question_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(select(MeToo.id).where(MeToo.user_id == user.id, MeToo.question_id == question_id)))
