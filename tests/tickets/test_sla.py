from datetime import timedelta

import pytest

from app.core.timeutil import utcnow
from app.extensions import db
from app.tickets import services, sla


@pytest.mark.parametrize(
    ("tier", "priority", "first", "resolution"),
    [
        ("platinum", "urgent", 1, 4),
        ("gold", "high", 4, 24),
        ("standard", "low", 48, 240),
        ("unknown-tier", "normal", 24, 120),  # unknown tiers get the standard targets
    ],
)
def test_targets_come_from_the_tier_and_priority_table(app, tier, priority, first, resolution):
    assert sla.targets(tier, priority) == (timedelta(hours=first), timedelta(hours=resolution))


def _age(ticket, hours: float) -> None:
    """Pretend the ticket was opened `hours` ago."""
    ticket.created_at = utcnow() - timedelta(hours=hours)
    db.session.commit()


def test_time_left_and_breach_of_a_platinum_urgent_ticket(tickets):
    ticket = tickets.ticket(tier="platinum", priority="urgent")
    first, resolution = sla.clocks(ticket)
    assert timedelta(minutes=59) < first.remaining <= timedelta(hours=1)
    assert not first.breached and not sla.is_breaching(ticket)

    _age(ticket, 2)
    first, resolution = sla.clocks(ticket)
    assert first.breached and not resolution.breached
    assert ticket in services.agent_queue(tickets.agent(), view="breaching")


def test_an_agent_reply_stops_the_first_response_clock(tickets):
    agent = tickets.agent()
    ticket = tickets.ticket(tier="gold", priority="normal", agent=agent)
    tickets.reply(agent, ticket, "We are looking into it.")
    assert ticket.first_response_at is not None and ticket.status == "open"
    _age(ticket, 30)  # long after: the first response was still in time? it happened "now"
    first, _resolution = sla.clocks(ticket)
    assert first.done_at is not None


def test_internal_notes_and_requester_messages_do_not_count_as_a_first_response(tickets):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    tickets.reply(agent, ticket, "Checking logs", internal=True)
    tickets.reply(ticket.requester, ticket, "Any news?")
    assert ticket.first_response_at is None


def test_clocks_pause_while_pending_customer_or_on_hold(tickets):
    agent = tickets.agent()
    ticket = tickets.ticket(tier="platinum", priority="urgent", agent=agent)
    services.update_ticket(agent, ticket.id, status="pending_customer")
    # Three hours waiting on the customer do not count.
    now = utcnow()
    ticket.paused_since = now - timedelta(hours=3)
    ticket.created_at = now - timedelta(hours=3, minutes=30)
    db.session.commit()
    first, resolution = sla.clocks(ticket, now)
    assert first.paused and not first.breached
    assert first.remaining == timedelta(minutes=30)
    assert resolution.remaining == timedelta(hours=3, minutes=30)

    tickets.reply(ticket.requester, ticket, "Here are the details you asked for.")
    assert ticket.status == "open" and ticket.paused_since is None
    assert ticket.paused_seconds >= 3 * 3600 - 5
    assert not sla.clocks(ticket)[0].breached


def test_solving_stops_the_resolution_clock(tickets):
    agent = tickets.agent()
    ticket = tickets.ticket(tier="standard", priority="low", agent=agent)
    services.update_ticket(agent, ticket.id, status="solved")
    _age(ticket, 500)
    _first, resolution = sla.clocks(ticket)
    assert resolution.done_at is not None
    # Solved "now" but created 500 h ago: past the 240 h target, so it shows as breached.
    assert resolution.breached
