from datetime import timedelta

import pytest

from app.core.errors import Conflict, Forbidden, ValidationError
from app.core.timeutil import utcnow
from app.extensions import db
from app.qa import voting
from app.tickets import escalation


def test_moderator_escalates_a_question_into_a_new_ticket_for_the_asker(make_user, qa):
    asker = make_user(tier="platinum")
    moderator = make_user(role="moderator")
    question = qa.question(asker, title="Invoice shows the wrong VAT number")

    ticket = escalation.escalate_question(moderator, question.id, priority="urgent", note="Looks like a billing bug")

    assert ticket.requester_id == asker.id
    assert ticket.subject == "Invoice shows the wrong VAT number"
    assert (ticket.status, ticket.priority, ticket.tier) == ("new", "urgent", "platinum")
    assert ticket.organization_id == asker.organization_id
    # The question text opens the conversation; the moderator's note is internal.
    assert [m.internal for m in ticket.messages] == [False, True]
    assert escalation.escalation_badge_for(question.id) == {"status": "new"}


def test_escalating_the_same_question_twice_is_a_conflict(make_user, qa):
    moderator = make_user(role="moderator")
    question = qa.question()
    escalation.escalate_question(moderator, question.id)
    with pytest.raises(Conflict) as exc:
        escalation.escalate_question(moderator, question.id)
    assert exc.value.code == "already_escalated"


def test_the_asker_can_request_escalation_of_their_unsolved_question(make_user, qa):
    asker = make_user()
    question = qa.question(asker)
    ticket = escalation.escalate_question(asker, question.id, priority="urgent", note="Please help, it's urgent")
    assert ticket.source == "requester"
    assert ticket.priority == "normal"  # customers do not pick their own priority
    assert "Please help" in ticket.messages[0].body
    assert not ticket.messages[0].internal


def test_the_asker_cannot_escalate_once_an_answer_is_accepted(make_user, qa):
    asker = make_user()
    question = qa.question(asker)
    answer = qa.answer(question)
    voting.accept_answer(asker, answer)
    with pytest.raises(Conflict):
        escalation.escalate_question(asker, question.id)


def test_another_customer_cannot_escalate_someone_elses_question(make_user, qa):
    question = qa.question()
    with pytest.raises(Forbidden):
        escalation.escalate_question(make_user(), question.id)


def test_escalating_one_answer_must_name_an_answer_of_that_question(make_user, qa):
    moderator = make_user(role="moderator")
    question, other = qa.question(), qa.question()
    foreign = qa.answer(other)
    with pytest.raises(ValidationError) as exc:
        escalation.escalate_question(moderator, question.id, answer_id=foreign.id)
    assert "answer_id" in exc.value.fields
    own = qa.answer(question)
    ticket = escalation.escalate_question(moderator, question.id, answer_id=own.id)
    assert ticket.answer_id == own.id


def test_bad_priority_names_the_field(make_user, qa):
    with pytest.raises(ValidationError) as exc:
        escalation.escalate_question(make_user(role="moderator"), qa.question().id, priority="asap")
    assert "priority" in exc.value.fields


@pytest.mark.config(TICKETS_AUTO_ESCALATE_HOURS=24)
def test_unanswered_questions_escalate_automatically_after_the_configured_time(make_user, qa):
    old = qa.question(title="Nobody answered this one in days")
    answered = qa.question(title="This one got an answer quickly")
    qa.answer(answered)
    fresh = qa.question(title="This one was asked a minute ago")
    for q in (old, answered):
        q.created_at = utcnow() - timedelta(hours=30)
    db.session.commit()

    created = escalation.auto_escalate()

    assert [t.question_id for t in created] == [old.id]
    assert created[0].source == "auto"
    assert escalation.escalation_badge_for(fresh.id) is None
    # Running again escalates nothing new; a day later the fresh one goes too.
    assert escalation.auto_escalate() == []
    assert [t.question_id for t in escalation.auto_escalate(now=utcnow() + timedelta(hours=25))] == [fresh.id]


@pytest.mark.config(TICKETS_AUTO_ESCALATE_HOURS=1)
def test_auto_escalate_command(app, qa):
    question = qa.question()
    question.created_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["tickets", "auto-escalate"])
    assert "Escalated 1 unanswered question(s)." in result.output
    assert escalation.escalation_badge_for(question.id) == {"status": "new"}
