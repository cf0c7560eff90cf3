"""Merging a question into another: its answers, comments and votes move; the source is closed."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.core import events
from app.core.errors import Conflict, ValidationError
from app.core.uow import transactional
from app.extensions import db
from app.moderation.audit import log_action
from app.moderation.models import DuplicateLink
from app.qa import models as qa_models
from app.qa.moderation import get_question, snapshot
from app.qa.services import refresh_answer_count


@transactional
def merge_questions(actor, source, into, reason):
    """Move answers and votes of `source` into question `into` and close `source` as merged."""
    target = get_question(into, "into")
    if target.id == source.id:
        raise ValidationError(fields={"into": _l("A question cannot be merged into itself.")})
    if source.status == qa_models.DELETED or target.status == qa_models.DELETED:
        raise Conflict(_l("Deleted questions cannot be merged."), code="invalid_state")
    if db.session.get(DuplicateLink, source.id) is not None and db.session.get(DuplicateLink, source.id).merged:
        raise Conflict(_l("This question was already merged."), code="already_merged")
    before = snapshot(source)
    answer_ids = list(db.session.scalars(select(qa_models.Answer.id).where(qa_models.Answer.question_id == source.id)))
    moved_votes = _move_votes(source.id, target.id)
    if answer_ids:
        db.session.execute(
            update(qa_models.Answer).where(qa_models.Answer.id.in_(answer_ids)).values(question_id=target.id)
        )
        db.session.execute(
            update(qa_models.Comment)
            .where(qa_models.Comment.post_type == "answer", qa_models.Comment.post_id.in_(answer_ids))
            .values(question_id=target.id)
        )
    db.session.expire_all()
    source, target = db.session.get(qa_models.Question, source.id), db.session.get(qa_models.Question, target.id)
    _refresh(source)
    _refresh(target)
    if source.accepted_answer_id is not None:
        if target.accepted_answer_id is None:
            target.accepted_answer_id = source.accepted_answer_id
        source.accepted_answer_id = None
    source.is_closed, source.closed_reason = True, "duplicate"
    db.session.merge(DuplicateLink(question_id=source.id, duplicate_of_id=target.id, merged=True))
    after = {"into": target.id, "answer_ids": answer_ids, "votes_moved": moved_votes}
    log_action(actor, "merge", "question", source.id, question_id=source.id, reason=reason, before=before, after=after)
    events.record(
        "question.merged",
        actor=actor,
        subject_type="question",
        subject_id=source.id,
        payload={"question_id": source.id, "into_question_id": target.id, "answer_ids": answer_ids},
    )
    return target


def _move_votes(source_id: int, target_id: int) -> int:
    """Move question votes; a voter who voted on both keeps their vote on the target."""
    both = select(qa_models.Vote.user_id).where(
        qa_models.Vote.post_type == "question", qa_models.Vote.post_id == target_id
    )
    result = db.session.execute(
        update(qa_models.Vote)
        .where(
            qa_models.Vote.post_type == "question",
            qa_models.Vote.post_id == source_id,
            qa_models.Vote.user_id.not_in(both),
        )
        .values(post_id=target_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _refresh(question) -> None:
    refresh_answer_count(question)
    question.score = db.session.scalar(
        select(func.coalesce(func.sum(qa_models.Vote.value), 0)).where(
            qa_models.Vote.post_type == "question", qa_models.Vote.post_id == question.id
        )
    )
