"""The private-ticket rule on every channel: one table of channels × viewers.

The requester and support staff see the ticket; another customer and anonymous visitors see
nothing of it — not the page, the API, lists, search, notifications, the events endpoint or the
socket room. Internal notes never reach the requester on any channel.
"""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Notification
from app.realtime import rooms
from app.tickets import services

SECRET = "zebracorn"  # a word only the private conversation contains
INTERNAL = "quokkanote"  # a word only the internal note contains


@pytest.fixture
def world(tickets, make_user, drain_events):
    agent = tickets.agent()
    requester = make_user(tier="gold")
    ticket = tickets.ticket(requester, agent=agent, priority="high")
    services.update_ticket(agent, ticket.id, assignee_id=agent.id)
    tickets.reply(requester, ticket, f"My account number is {SECRET}")
    tickets.reply(agent, ticket, f"Thanks, we found {SECRET}. It is fixed.")
    tickets.reply(agent, ticket, f"Root cause: {INTERNAL}", internal=True)
    services.update_ticket(agent, ticket.id, status="solved")
    drain_events()
    return {
        "ticket": ticket,
        "requester": requester,
        "other": make_user(tier="gold"),
        "moderator": agent,
        "anonymous": None,
    }


def _web_page(c, api, user, ticket):
    r = c.get(f"/tickets/{ticket.id}")
    return r.status_code == 200 and SECRET in r.get_data(as_text=True)


def _api_one(c, api, user, ticket):
    r = api.get(f"/api/v1/tickets/{ticket.id}")
    return r.status_code == 200 and SECRET in r.get_data(as_text=True)


def _web_list(c, api, user, ticket):
    r = c.get("/tickets")
    return r.status_code == 200 and f'href="/tickets/{ticket.id}"' in r.get_data(as_text=True)


def _api_list(c, api, user, ticket):
    r = api.get("/api/v1/tickets?status=solved")
    return r.status_code == 200 and ticket.id in [t["id"] for t in r.get_json()["items"]]


def _events(c, api, user, ticket):
    r = api.get("/api/v1/events?after=0&limit=500")
    assert r.status_code == 200
    return any((e["payload"] or {}).get("ticket_id") == ticket.id for e in r.get_json()["events"])


def _notifications(c, api, user, ticket):
    if user is None:
        return False
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
    return any(n.target_type == "ticket" and n.target_id == str(ticket.id) for n in rows)


def _socket_room(c, api, user, ticket):
    return rooms.may_join(user, f"ticket:{ticket.id}")


def _search(c, api, user, ticket):
    r = api.get(f"/api/v1/search?q={SECRET}")
    assert r.status_code == 200
    return SECRET in str(r.get_json()["results"])


CHANNELS = {
    "web page": _web_page,
    "api ticket": _api_one,
    "web my tickets": _web_list,
    "api ticket list": _api_list,
    "events endpoint": _events,
    "notifications": _notifications,
    "socket room": _socket_room,
    "search": _search,
}
SEES = {"requester": True, "moderator": True, "other": False, "anonymous": False}
# What each viewer notices on each channel, where it differs from SEES.
EXCEPTIONS = {
    ("requester", "api ticket list"): True,
    ("moderator", "web my tickets"): False,  # agents work tickets from the queue, not "my tickets"
    ("requester", "search"): False,  # tickets are never indexed for search
    ("moderator", "search"): False,
}


@pytest.mark.parametrize("viewer", list(SEES))
@pytest.mark.parametrize("channel", list(CHANNELS))
def test_private_ticket_rule(world, client_for, api_client, viewer, channel):
    user = world[viewer]
    expected = EXCEPTIONS.get((viewer, channel), SEES[viewer])
    seen = CHANNELS[channel](client_for(user), api_client(user), user, world["ticket"])
    assert seen is expected, f"{viewer} on {channel}"


def test_internal_notes_never_reach_the_requester(world, client_for, api_client):
    requester, ticket = world["requester"], world["ticket"]
    assert INTERNAL not in client_for(requester).get(f"/tickets/{ticket.id}").get_data(as_text=True)
    api = api_client(requester)
    assert INTERNAL not in api.get(f"/api/v1/tickets/{ticket.id}").get_data(as_text=True)
    events = api.get("/api/v1/events?after=0&limit=500").get_json()["events"]
    assert not any((e["payload"] or {}).get("internal") for e in events)
    kinds = [n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == requester.id))]
    assert kinds.count("ticket.message_created") == 1  # the agent's public reply only
    # Staff do see the note.
    assert INTERNAL in client_for(world["moderator"]).get(f"/tickets/{ticket.id}").get_data(as_text=True)
