"""The insight consumer turns the event log into facts, with each contact's organization and tier then."""

from sqlalchemy import select

from app.core import events
from app.extensions import db
from app.insight import ledger, organizations, people
from app.insight.models import FactContact, FactIdeaVote, FactQuestion, FactTicket
from app.qa.voting import accept_answer
from app.tickets import services as ticket_services


def _contacts(user_id=None):
    stmt = select(FactContact).order_by(FactContact.event_id)
    if user_id:
        stmt = stmt.where(FactContact.user_id == user_id)
    return list(db.session.scalars(stmt))


def _story(cast, qa, tickets, ideas):
    """Alice (Acme, gold) asks; Olga answers; a moderator answers; Alice accepts, opens a ticket, rates it."""
    alice, olga, mod = cast["customer"], cast["outsider"], cast["moderator"]
    question = qa.question(alice)
    qa.answer(question, olga)
    staff_answer = qa.answer(question, mod)
    accept_answer(alice, staff_answer)
    ticket = tickets.ticket(alice, agent=mod, question=qa.question(alice))
    ticket_services.add_message(mod, ticket.id, "We are on it.")
    ticket_services.update_ticket(mod, ticket.id, status="solved")
    ticket_services.rate(alice, ticket.id, 4)
    idea = ideas.idea(author=olga)
    ideas.vote(idea, alice)
    return question, ticket, idea


def test_facts_follow_the_story(cast, qa, tickets, ideas, drain_events):
    question, ticket, idea = _story(cast, qa, tickets, ideas)
    drain_events()
    alice = cast["customer"]
    kinds = [c.kind for c in _contacts(alice.id)]
    for expected in ("question", "accept", "ticket", "ticket_message_reply", "rating", "idea_vote"):
        assert expected in kinds, (expected, kinds)
    assert all(c.tier == "gold" and c.organization_id == cast["acme"].id for c in _contacts(alice.id))
    fact = db.session.get(FactQuestion, question.id)
    assert fact.first_community_at is not None and fact.first_staff_at is not None
    assert fact.first_community_at <= fact.first_staff_at and fact.accepted_at is not None
    t = db.session.get(FactTicket, ticket.id)
    assert (t.requester_id, t.tier, t.status, t.csat) == (alice.id, "gold", "solved", 4)
    assert t.first_response_at is not None and t.solved_at is not None
    assert db.session.get(FactIdeaVote, (idea.id, alice.id)).tier == "gold"
    rating = [c for c in _contacts(alice.id) if c.kind == "rating"][0]
    assert rating.value == 4


def test_tier_is_as_of_the_event(cast, qa, drain_events):
    alice = cast["customer"]
    qa.question(alice)
    drain_events()
    organizations.update_organization(cast["admin"], cast["acme"].id, name="Acme", tier="standard",
                                      partner_id=cast["reseller"].id)  # fmt: skip
    qa.question(alice)
    drain_events()
    assert [c.tier for c in _contacts(alice.id) if c.kind == "question"] == ["gold", "standard"]
    people.set_organization(cast["admin"], alice.id, cast["other"].id)
    qa.question(alice)
    drain_events()
    assert [c.organization_id for c in _contacts(alice.id) if c.kind == "question"][-1] == cast["other"].id
    # A rebuild replays the same history: the earlier contacts keep their tier of the time.
    ledger.rebuild()
    assert [c.tier for c in _contacts(alice.id) if c.kind == "question"] == ["gold", "standard", "platinum"]


def test_rebuild_gives_the_same_facts(cast, qa, tickets, ideas, drain_events):
    _story(cast, qa, tickets, ideas)
    drain_events()
    before = [(c.event_id, c.kind, c.user_id, c.tier) for c in _contacts()]
    tickets_before = [
        (t.ticket_id, t.status, t.csat, t.first_response_at) for t in db.session.scalars(select(FactTicket))
    ]
    assert ledger.rebuild() == db.session.scalar(select(db.func.count()).select_from(events.Event))
    assert [(c.event_id, c.kind, c.user_id, c.tier) for c in _contacts()] == before
    assert [
        (t.ticket_id, t.status, t.csat, t.first_response_at) for t in db.session.scalars(select(FactTicket))
    ] == tickets_before
    # The consumer's cursor moved to the end: nothing is counted twice.
    assert events.run_consumer(ledger.NAME) == 0


def test_unknown_and_search_kinds(cast, drain_events):
    alice = cast["customer"]
    events.record("search.query", actor=alice, subject_type="search", subject_id=None, payload={"q": "invoice"})
    events.record("search.result_clicked", actor=alice, subject_type="question", subject_id=5, payload={})
    events.record("something.new", actor=alice, subject_type="thing", subject_id=1, payload={"odd": [1]})
    events.record("ticket.message_created", actor=alice, subject_type="ticket", subject_id=999, payload={})
    db.session.commit()
    drain_events()
    kinds = [c.kind for c in _contacts(alice.id)]
    assert "search" in kinds and "search_click" in kinds
    assert not any(k.startswith("something") for k in kinds)


def test_rebuild_command_shows_progress(app, cast, qa):
    qa.question(cast["customer"])
    result = app.test_cli_runner().invoke(args=["insight", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt the insight facts from" in result.output
    assert db.session.scalar(select(db.func.count()).select_from(FactQuestion)) == 1
