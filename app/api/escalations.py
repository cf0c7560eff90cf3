"""Escalating a question into a support ticket."""

from typing import Annotated, Literal

from flask import current_app, jsonify
from pydantic import Field

from app.api import bp
from app.api.schema import Body, Id, operation
from app.api.tickets import PRIORITIES, ticket_json
from app.api.util import require_user
from app.extensions import limiter
from app.tickets import escalation
from app.tickets.services import MAX_BODY


def _post_limit() -> str:
    return current_app.config["QA_POST_RATE_LIMIT"]


class Escalation(Body):
    priority: Literal[PRIORITIES] = None
    note: Annotated[str, Field(max_length=MAX_BODY)] = None
    answer_id: Id = None


@bp.post("/questions/<int:id>/escalate")
@limiter.limit(_post_limit)
@operation("Escalate a question into a private support ticket (support staff, or the asker for their own)",
           body=Escalation, body_required=False, auth=True, status=201, errors=(409,))  # fmt: skip
def escalate_question(id: int, body: Escalation):
    user = require_user()
    ticket = escalation.escalate_question(user, id, priority=body.priority, note=body.note, answer_id=body.answer_id)
    return jsonify(ticket_json(ticket, user)), 201
