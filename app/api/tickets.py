"""Support tickets: the caller's tickets (or every ticket for agents), one ticket, updates, messages."""

from typing import Annotated, Literal

from flask import current_app, jsonify
from pydantic import ConfigDict, Field

from app.api import bp
from app.api.schema import Body, Id, Query, operation, text
from app.api.util import require_user
from app.extensions import limiter
from app.tickets import services, sla
from app.tickets.models import Priority, Status, Ticket

PRIORITIES = tuple(p.value for p in Priority)
STATUSES = tuple(s.value for s in Status)


def _post_limit() -> str:
    return current_app.config["QA_POST_RATE_LIMIT"]


class TicketUpdate(Body):
    model_config = ConfigDict(extra="forbid")  # a misspelt field must not pass as "nothing to change"

    status: Literal[STATUSES] = None
    priority: Literal[PRIORITIES] = None
    assignee_id: Id | None = Field(None, description="null unassigns")


class TicketMessage(Body):
    body: text(services.MAX_BODY)
    internal: bool = False


class TicketList(Query):
    view: Literal[services.QUEUE_FILTERS] = "all"
    tier: Annotated[str, Field(max_length=32)] = None
    status: Literal[STATUSES] = None


def ticket_json(ticket: Ticket, user, *, full: bool = False) -> dict:
    data = {
        "id": ticket.id,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "tier": ticket.tier,
        "requester": {"id": ticket.requester.id, "display_name": ticket.requester.display_name},
        "organization": {"id": ticket.organization.id, "name": ticket.organization.name}
        if ticket.organization
        else None,
        "assignee": {"id": ticket.assignee.id, "display_name": ticket.assignee.display_name}
        if ticket.assignee
        else None,
        "question_id": ticket.question_id,
        "answer_id": ticket.answer_id,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
        "csat": {"score": ticket.csat_score, "comment": ticket.csat_comment} if ticket.csat_score else None,
    }
    if services.is_agent(user):
        first, resolution = sla.clocks(ticket)
        # SLA targets and breaches are internal to the support team.
        data["sla"] = {"first_response": first.as_dict(), "resolution": resolution.as_dict()}
    if full:
        data["messages"] = [message_json(m) for m in services.visible_messages(user, ticket)]
        if services.is_agent(user):
            data["history"] = [
                {
                    "field": c.field,
                    "old": c.old_value,
                    "new": c.new_value,
                    "actor_id": c.actor_id,
                    "created_at": c.created_at.isoformat(),
                }
                for c in ticket.changes
            ]
    return data


def message_json(message) -> dict:
    return {
        "id": message.id,
        "author": {"id": message.author.id, "display_name": message.author.display_name} if message.author else None,
        "body": message.body,
        "body_html": message.body_html,
        "internal": message.internal,
        "created_at": message.created_at.isoformat(),
    }


@bp.get("/tickets")
@operation("Tickets the caller may see: their own, or the open queue for support staff", query=TicketList, auth=True)
def list_tickets(query: TicketList):
    user = require_user()
    if services.is_agent(user):
        tickets = services.agent_queue(user, view=query.view, tier=query.tier, status=query.status)
    else:
        tickets = services.my_tickets(user)
    return jsonify({"items": [ticket_json(t, user) for t in tickets]})


@bp.get("/tickets/<int:id>")
@operation("One ticket with the messages the caller may read", auth=True)
def get_ticket(id: int):
    user = require_user()
    return jsonify(ticket_json(services.get_visible(user, id), user, full=True))


@bp.patch("/tickets/<int:id>")
@operation("Change status, priority or assignee (support staff)", body=TicketUpdate, auth=True)
def patch_ticket(id: int, body: TicketUpdate):
    user = require_user()
    ticket = services.update_ticket(
        user,
        id,
        status=body.status,
        priority=body.priority,
        assignee_id=body.assignee_id,
        unassign="assignee_id" in body.model_fields_set and body.assignee_id is None,
    )
    return jsonify(ticket_json(ticket, user, full=True))


@bp.post("/tickets/<int:id>/messages")
@limiter.limit(_post_limit)
@operation("Reply on a ticket; support staff may add internal notes", body=TicketMessage, auth=True, status=201)
def post_ticket_message(id: int, body: TicketMessage):
    user = require_user()
    message = services.add_message(user, id, body.body, internal=body.internal)
    return jsonify(message_json(message)), 201
