"""Private tickets over sockets, with the tickets domain's own audience rule."""

import pytest

from app.extensions import db
from tests.realtime.conftest import join, named
from tests.tickets.factories import TicketFactories


@pytest.fixture
def tickets(factories, qa):
    return TicketFactories(factories, qa)


def test_only_people_with_access_hear_a_tickets_conversation(make_user, sio_for, drain_events, tickets):
    requester, outsider = make_user(), make_user()
    agent = tickets.agent()
    ticket = tickets.ticket(requester, agent=agent)
    drain_events()
    room = f"ticket:{ticket.id}"
    mine, theirs, staff = sio_for(requester), sio_for(outsider), sio_for(agent)
    assert join(mine, room)["ok"] is True
    assert join(staff, room)["ok"] is True
    assert join(theirs, room) == {"ok": False}
    for client in (mine, theirs, staff):
        client.get_received()

    tickets.reply(agent, ticket, body="We are looking into it.")
    tickets.reply(agent, ticket, body="Internal: customer is on the old plan.", internal=True)
    drain_events()

    kinds = [e["kind"] for e in named(mine, "event")]
    assert kinds.count("ticket.message_created") == 1  # the internal note never reaches the requester
    assert named(theirs, "event") == []
    assert len([e for e in named(staff, "event") if e["kind"] == "ticket.message_created"]) == 1


def test_the_outsider_gets_nothing_from_the_catch_up_api_either(make_user, client_for, drain_events, tickets):
    requester, outsider = make_user(), make_user()
    agent = tickets.agent()
    ticket = tickets.ticket(requester, agent=agent)
    tickets.reply(agent, ticket, body="Private detail")
    got = client_for(outsider).get("/api/v1/events?after=0&limit=500").get_json()["events"]
    assert not [e for e in got if e["payload"].get("ticket_id") == ticket.id and e["kind"].startswith("ticket.")]
    mine = client_for(requester).get("/api/v1/events?after=0&limit=500").get_json()["events"]
    assert [e for e in mine if e["kind"] == "ticket.message_created"]
    db.session.rollback()
