import pytest
from sqlalchemy import select

from app.core.errors import Conflict, ValidationError
from app.extensions import db
from app.moderation import flags, services, undo
from app.moderation.models import Flag, ModerationAction
from app.qa import voting
from app.qa.models import Vote


@pytest.fixture
def moderator(make_user):
    return make_user(role="moderator")


def _last_action():
    return db.session.scalars(select(ModerationAction).order_by(ModerationAction.id.desc())).first()


def test_hide_then_undo_brings_the_post_back(moderator, qa, mod):
    question = qa.question()
    mod.flag(question)
    services.moderate(moderator, "question", question.id, "hide", reason="Spam link")
    assert question.status == "held"
    flag = db.session.scalars(select(Flag)).one()
    assert flag.status == "helpful"
    row = _last_action()
    assert (row.action, row.reason, row.actor_id, row.before["status"]) == (
        "hide",
        "Spam link",
        moderator.id,
        "visible",
    )

    undo.undo(moderator, row.id)
    assert question.status == "visible"
    assert row.undone_by_id == moderator.id
    with pytest.raises(Conflict):
        undo.undo(moderator, row.id)


def test_approve_clears_flags_and_keeps_the_post(moderator, qa, mod):
    answer = qa.answer(qa.question())
    mod.flag(answer)
    services.moderate(moderator, "answer", answer.id, "approve")
    assert answer.status == "visible"
    assert flags.review_queue(moderator) == []
    assert db.session.scalars(select(Flag)).one().status == "declined"


def test_delete_and_restore_go_through_qa(moderator, qa):
    question = qa.question()
    answer = qa.answer(question)
    services.moderate(moderator, "answer", answer.id, "delete", reason="Abuse")
    assert answer.status == "deleted" and question.answer_count == 0
    undo.undo(moderator, _last_action().id)
    assert answer.status == "visible" and question.answer_count == 1


def test_lock_pin_and_undo(moderator, qa):
    question = qa.question()
    services.moderate(moderator, "question", question.id, "lock")
    services.moderate(moderator, "question", question.id, "pin")
    assert question.is_locked and question.is_pinned
    with pytest.raises(Conflict):
        services.moderate(moderator, "question", question.id, "lock")
    undo.undo(moderator, _last_action().id)
    assert question.is_locked and not question.is_pinned


def test_close_as_duplicate_and_reopen(moderator, qa):
    original, copy = qa.question(), qa.question()
    with pytest.raises(ValidationError) as exc:
        services.moderate(moderator, "question", copy.id, "close", close_reason="duplicate", duplicate_of=copy.id)
    assert "duplicate_of" in exc.value.fields
    with pytest.raises(ValidationError):
        services.moderate(moderator, "question", copy.id, "close", close_reason="boring")
    services.moderate(moderator, "question", copy.id, "close", close_reason="duplicate", duplicate_of=original.id)
    assert copy.is_closed and copy.closed_reason == "duplicate"
    assert services.duplicate_of(copy.id) == original.id
    services.moderate(moderator, "question", copy.id, "reopen")
    assert not copy.is_closed and services.duplicate_of(copy.id) is None


def test_move_to_another_space_and_undo(moderator, qa):
    question = qa.question()
    old_space = question.space_id
    target = qa.space(name="Billing")
    services.moderate(moderator, "question", question.id, "move", space=target.id)
    assert question.space_id == target.id
    undo.undo(moderator, _last_action().id)
    assert question.space_id == old_space


def test_merge_moves_answers_and_votes_but_not_into_itself(moderator, qa, make_user):
    source, target = qa.question(), qa.question()
    answer = qa.answer(source)
    voter = make_user()
    both = make_user()
    voting.vote(voter, "question", source.id, 1)
    voting.vote(both, "question", source.id, 1)
    voting.vote(both, "question", target.id, 1)
    with pytest.raises(ValidationError) as exc:
        services.moderate(moderator, "question", source.id, "merge", into=source.id)
    assert "into" in exc.value.fields

    services.moderate(moderator, "question", source.id, "merge", into=target.id)

    db.session.expire_all()
    assert answer.question_id == target.id
    assert target.answer_count == 1 and source.answer_count == 0
    assert source.is_closed and services.duplicate_of(source.id) == target.id
    voters_on_target = db.session.scalars(
        select(Vote.user_id).where(Vote.post_type == "question", Vote.post_id == target.id)
    ).all()
    assert sorted(voters_on_target) == sorted([voter.id, both.id])
    assert target.score == 2


def test_edit_any_post_keeps_the_old_text_for_undo(moderator, qa):
    answer = qa.answer(qa.question(), body="Call me at 555-0100 for the fix")
    services.edit_post(moderator, "answer", answer.id, body="Contact support for the fix", reason="Personal data")
    assert answer.body == "Contact support for the fix"
    undo.undo(moderator, _last_action().id)
    assert answer.body == "Call me at 555-0100 for the fix"


def test_unknown_action_and_question_only_actions(moderator, qa):
    answer = qa.answer(qa.question())
    with pytest.raises(ValidationError):
        services.moderate(moderator, "answer", answer.id, "explode")
    with pytest.raises(ValidationError):
        services.moderate(moderator, "answer", answer.id, "lock")
