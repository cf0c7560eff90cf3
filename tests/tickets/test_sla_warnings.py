"""SLA warnings: the assignee hears once before a clock breaches and once when it has."""

from datetime import timedelta

from sqlalchemy import select

from app.core import events, jobs
from app.core.timeutil import utcnow
from app.extensions import db
from app.notifications.messages import sentence
from app.tickets import services, sla_warnings
from tests.notifications.factories import notifications_of


def _age(ticket, minutes: float) -> None:
    ticket.created_at = utcnow() - timedelta(minutes=minutes)
    db.session.commit()


def _warnings(ticket):
    stmt = select(events.Event).where(
        events.Event.kind.in_([sla_warnings.SOON, sla_warnings.BREACHED]), events.Event.subject_id == ticket.id
    )
    return [(e.kind, e.payload["clock"]) for e in db.session.scalars(stmt.order_by(events.Event.id))]


def test_the_assignee_is_warned_once_before_and_once_after_the_first_response_target(tickets, drain_events):
    agent = tickets.agent()
    ticket = tickets.ticket(tier="platinum", priority="urgent", agent=agent)  # first response in 1 h
    services.update_ticket(agent, ticket.id, assignee_id=agent.id)
    drain_events()
    before = len(notifications_of(agent))

    _age(ticket, 20)
    assert sla_warnings.warn_due() == 0, "40 minutes left of 60: too early to warn"
    _age(ticket, 50)
    assert sla_warnings.warn_due() == 1
    assert sla_warnings.warn_due() == 0, "warned once"
    _age(ticket, 70)
    assert sla_warnings.warn_due() == 1
    assert sla_warnings.warn_due() == 0
    assert _warnings(ticket) == [(sla_warnings.SOON, "first_response"), (sla_warnings.BREACHED, "first_response")]

    drain_events()
    new = notifications_of(agent)[before:]
    assert [sentence(n) for n in new] == [
        "A support ticket assigned to you is about to miss its SLA target",
        "A support ticket assigned to you missed its SLA target",
    ]
    assert all(n.url.endswith(f"/tickets/{ticket.id}") for n in new)
    requester_kinds = {n.kind for n in notifications_of(ticket.requester)}
    assert not requester_kinds & {sla_warnings.SOON, sla_warnings.BREACHED}, "the customer never sees them"


def test_unassigned_paused_and_answered_tickets_get_no_warning(tickets):
    agent = tickets.agent()
    unassigned = tickets.ticket(tier="platinum", priority="urgent", agent=agent)
    answered = tickets.ticket(tier="platinum", priority="urgent", agent=agent)
    services.update_ticket(agent, answered.id, assignee_id=agent.id)
    tickets.reply(agent, answered, "On it.")
    paused = tickets.ticket(tier="platinum", priority="urgent", agent=agent)
    services.update_ticket(agent, paused.id, assignee_id=agent.id, status="pending_customer")
    for ticket in (unassigned, answered, paused):
        _age(ticket, 70)
    assert sla_warnings.warn_due() == 0


def test_sla_warnings_are_a_registered_job(app):
    assert jobs.registered()["tickets.sla_warnings"].run is sla_warnings.warn_due
