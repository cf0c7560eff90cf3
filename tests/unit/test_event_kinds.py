"""Every event the real services record matches the payload declared for its kind."""

import pytest
from sqlalchemy import select

from app.core.events import Event, kinds
from app.extensions import db
from app.ideas import services as idea_services
from app.ideas import workflow
from app.kb import services as kb_services
from app.moderation import flags, undo, users
from app.moderation import services as moderation
from app.moderation.models import ModerationAction
from app.qa import services as qa_services
from app.qa import voting
from app.tickets import escalation
from app.tickets import services as ticket_services
from tests.ideas.factories import IdeaFactories
from tests.qa.factories import QAFactories


@pytest.fixture(autouse=True)
def _request_context(app):
    with app.test_request_context():
        yield


def _run_the_product(factories):
    """Drive many real services once, as people would, so the log holds most kinds."""
    qa = QAFactories(factories)
    ideas = IdeaFactories(factories)
    asker, helper, mod = factories.user(tier="gold"), factories.user(), factories.user(role="moderator")
    question = qa.question(asker, tags=["printer"])
    answer = qa.answer(question, helper)
    comment = qa.comment(answer, asker)
    qa_services.edit_question(asker, question, title="How do I reset the printer queue?")
    qa_services.edit_answer(helper, answer, body="Hold the reset button for ten seconds.")
    voting.vote(asker, "answer", answer.id, 1)
    voting.me_too(helper, question)
    voting.accept_answer(asker, answer)
    voting.unaccept_answer(asker, question)
    qa_services.delete_comment(asker, comment)
    qa_services.restore_comment(mod, comment)
    flags.flag_post(mod, "answer", answer.id, reason="spam")
    moderation.moderate(mod, "answer", answer.id, "hide", reason="Spam")
    moderation.moderate(mod, "answer", answer.id, "unhide")
    for action in ("lock", "unlock", "pin", "unpin"):
        moderation.moderate(mod, "question", question.id, action)
    moderation.moderate(mod, "question", question.id, "move", space=qa.space(name="Printers").id)
    moderation.edit_post(mod, "question", question.id, body="A cleaner body for the printer question.")
    undo.undo(mod, moderation_last_action())
    other = qa.question(helper)
    moderation.moderate(mod, "question", other.id, "close", close_reason="duplicate", duplicate_of=question.id)
    moderation.moderate(mod, "question", other.id, "reopen")
    moderation.moderate(mod, "question", other.id, "merge", into=question.id)
    users.restrict(mod, factories.user().id, "silence", 1, "Cool down")
    ticket = escalation.escalate_question(mod, question.id, note="Customer is blocked")
    ticket_services.add_message(asker, ticket.id, "Still broken after the reset.")
    ticket_services.update_ticket(mod, ticket.id, priority="high")
    escalation.publish_resolution(mod, ticket.id, "Update the driver to 2.1; that fixes it.")
    ticket_services.update_ticket(mod, ticket.id, status="solved")
    ticket_services.rate(asker, ticket.id, 5)
    voting.accept_answer(asker, answer)
    kb_services.promote_answer(mod, answer.id)
    board = ideas.board()
    idea = ideas.idea(board, asker)
    idea_services.edit_idea(asker, idea, title="Print from the phone app", body="Please.")
    idea_services.add_comment(helper, idea, "Yes, please!")
    idea = idea_services.set_vote(helper, idea, True)
    workflow.change_status(ideas.pm, idea, "planned", "On the roadmap for spring.")
    workflow.link_question(ideas.pm, idea, question.id)
    second = ideas.idea(board, helper)
    merged = workflow.merge(ideas.pm, second, idea.id)
    workflow.undo_merge(ideas.pm, merged)


def moderation_last_action() -> int:
    return db.session.scalar(select(ModerationAction.id).order_by(ModerationAction.id.desc()))


def test_every_recorded_event_matches_its_declared_payload(factories):
    _run_the_product(factories)
    recorded = list(db.session.scalars(select(Event).order_by(Event.id)))
    problems = [f"{e.kind} #{e.id}: {p}" for e in recorded for p in kinds.problems(e.kind, e.payload)]
    assert problems == [], "\n".join(problems)
    seen = {e.kind for e in recorded}
    assert len(seen) >= 40, sorted(seen)  # the run really covers the product, not a corner of it


def test_a_payload_that_breaks_its_declaration_is_reported():
    good = {"question_id": 1, "space_id": 2, "author_id": None, "answer_id": 4, "status": "visible"}
    assert kinds.problems("answer.created", good) == []
    assert kinds.problems("answer.created", {**good, "question_id": "1"}) == [
        "question_id is str, declared <class 'int'>"
    ]
    assert kinds.problems("answer.created", {k: v for k, v in good.items() if k != "status"}) == ["missing status"]
    assert kinds.problems("answer.created", {**good, "x": 1}) == ["undeclared x"]
    assert kinds.problems("idea.voted", {"idea_id": 1, "board_id": 1, "votes": True, "weighted": 1, "voted": True})
    assert kinds.problems("never.declared", {}) == ["kind is not declared"]
