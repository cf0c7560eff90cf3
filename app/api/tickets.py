"""Support tickets: the caller's tickets (or every ticket for agents), one ticket, updates, messages."""

from flask import current_app, jsonify, request
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.util import document, json_body, require_user, string_field
from app.core.errors import ValidationError
from app.extensions import limiter
from app.tickets import services, sla
from app.tickets.models import Ticket


def _post_limit() -> str:
    return current_app.config["QA_POST_RATE_LIMIT"]


TICKET_UPDATE = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["new", "open", "pending_customer", "on_hold", "solved", "closed"]},
        "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
        "assignee_id": {"type": ["integer", "null"]},
    },
}
MESSAGE = {
    "type": "object",
    "required": ["body"],
    "properties": {"body": {"type": "string", "maxLength": 20000}, "internal": {"type": "boolean"}},
}


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
@document(
    "/tickets",
    "get",
    "Tickets the caller may see: their own, or the open queue for support staff",
    auth=True,
    params=[
        {"name": "view", "in": "query", "schema": {"type": "string", "enum": list(services.QUEUE_FILTERS)}},
        {"name": "tier", "in": "query", "schema": {"type": "string"}},
        {"name": "status", "in": "query", "schema": {"type": "string"}},
    ],
)
def list_tickets():
    user = require_user()
    if services.is_agent(user):
        tickets = services.agent_queue(
            user,
            view=request.args.get("view", "all"),
            tier=request.args.get("tier") or None,
            status=request.args.get("status") or None,
        )
    else:
        tickets = services.my_tickets(user)
    return jsonify({"items": [ticket_json(t, user) for t in tickets]})


@bp.get("/tickets/<int:ticket_id>")
@document("/tickets/{id}", "get", "One ticket with the messages the caller may read", auth=True)
def get_ticket(ticket_id: int):
    user = require_user()
    return jsonify(ticket_json(services.get_visible(user, ticket_id), user, full=True))


@bp.patch("/tickets/<int:ticket_id>")
@document(
    "/tickets/{id}", "patch", "Change status, priority or assignee (support staff)", body=TICKET_UPDATE, auth=True
)
def patch_ticket(ticket_id: int):
    user = require_user()
    data = json_body()
    unknown = set(data) - {"status", "priority", "assignee_id"}
    if unknown:
        raise ValidationError(fields={name: _l("Unknown field.") for name in sorted(unknown)})
    assignee = data.get("assignee_id")
    if "assignee_id" in data and assignee is not None and (not isinstance(assignee, int) or isinstance(assignee, bool)):
        raise ValidationError(fields={"assignee_id": _l("Must be a whole number or null.")})
    ticket = services.update_ticket(
        user,
        ticket_id,
        status=string_field(data, "status", required=False, max_length=24),
        priority=string_field(data, "priority", required=False, max_length=16),
        assignee_id=assignee,
        unassign="assignee_id" in data and assignee is None,
    )
    return jsonify(ticket_json(ticket, user, full=True))


@bp.post("/tickets/<int:ticket_id>/messages")
@limiter.limit(_post_limit)
@document(
    "/tickets/{id}/messages",
    "post",
    "Reply on a ticket; support staff may add internal notes",
    body=MESSAGE,
    auth=True,
    responses={"201": {"description": "Created"}},
)
def post_ticket_message(ticket_id: int):
    user = require_user()
    data = json_body()
    internal = data.get("internal", False)
    if not isinstance(internal, bool):
        raise ValidationError(fields={"internal": _l("Must be true or false.")})
    body = string_field(data, "body", max_length=services.MAX_BODY)
    message = services.add_message(user, ticket_id, body, internal=internal)
    return jsonify(message_json(message)), 201
