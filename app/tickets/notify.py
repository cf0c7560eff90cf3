"""Who hears about ticket events (in-app and email through the notifications domain)."""

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.notifications import registry
from app.tickets import sla_warnings
from app.tickets.models import Ticket
from app.tickets.services import can_see


def _ticket(event) -> Ticket | None:
    ticket_id = (event.payload or {}).get("ticket_id")
    return db.session.get(Ticket, ticket_id) if isinstance(ticket_id, int) else None


def requester_and_assignee(event):
    """The requester and the assignee; internal notes reach the assignee only."""
    ticket = _ticket(event)
    if ticket is None or (event.payload or {}).get("opening"):
        return []  # the opening message is announced by ticket.created
    found = []
    if ticket.assignee_id:
        found.append((ticket.assignee_id, "assignee"))
    if not (event.payload or {}).get("internal"):
        found.append((ticket.requester_id, "requester"))
    return found


def new_assignee(event):
    payload = event.payload or {}
    if payload.get("field") == "assignee_id" and isinstance(payload.get("value"), int):
        return [(payload["value"], "assignee")]
    return []


def _exists(ticket_id) -> bool:
    return db.session.get(Ticket, ticket_id) is not None


def _can_see(user, ticket_id) -> bool:
    ticket = db.session.get(Ticket, ticket_id)
    return ticket is not None and can_see(user, ticket)


def _url(ticket_id) -> str:
    return url_for("tickets.show", ticket_id=ticket_id)


def _title(ticket_id) -> str:
    ticket = db.session.get(Ticket, ticket_id)
    return f"#{ticket_id} {ticket.subject}" if ticket else f"#{ticket_id}"


def register(app: Flask) -> None:
    """Register the ticket recipient rules, follow target, thread key, SLA warnings and sentences."""
    for kind in ("ticket.created", "ticket.message_created", "ticket.status_changed", "ticket.resolution_published"):
        registry.register_recipients(app, kind, requester_and_assignee)
    registry.register_recipients(app, "ticket.updated", new_assignee)
    for kind in (sla_warnings.SOON, sla_warnings.BREACHED):
        registry.register_recipients(app, kind, sla_warnings.assignee)
        registry.register_notification_kind(app, kind, followers=False)
    registry.register_follow_target(app, "ticket", _exists, _can_see, url_fn=_url, title_fn=_title)
    registry.register_thread_key(app, "ticket_id", "ticket")
    for kind, message in {
        "ticket.created": _l("%(actor)s opened a support ticket"),
        "ticket.message_created": _l("%(actor)s replied on a support ticket"),
        "ticket.status_changed": _l("%(actor)s changed the status of a support ticket"),
        "ticket.updated": _l("%(actor)s assigned a support ticket to you"),
        "ticket.resolution_published": _l("%(actor)s published the resolution of your ticket"),
        sla_warnings.SOON: _l("A support ticket assigned to you is about to miss its SLA target"),
        sla_warnings.BREACHED: _l("A support ticket assigned to you missed its SLA target"),
    }.items():
        registry.register_message(app, kind, message)
    registry.register_reason(app, "requester", _l("You requested this ticket."))
    registry.register_reason(app, "assignee", _l("The ticket is assigned to you."))
