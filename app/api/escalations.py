"""Escalating a question into a support ticket."""

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.tickets import ticket_json
from app.api.util import document, require_user, string_field
from app.core.errors import ValidationError
from app.extensions import limiter
from app.tickets import escalation


def _post_limit() -> str:
    return current_app.config["QA_POST_RATE_LIMIT"]


ESCALATE = {
    "type": "object",
    "properties": {
        "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
        "note": {"type": "string", "maxLength": 20000},
        "answer_id": {"type": "integer"},
    },
}


def _optional_json() -> dict:
    from flask import request

    if not request.get_data():
        return {}
    from app.api.util import json_body

    return json_body()


@bp.post("/questions/<int:question_id>/escalate")
@limiter.limit(_post_limit)
@document(
    "/questions/{id}/escalate",
    "post",
    "Escalate a question into a private support ticket (support staff, or the asker for their own)",
    body=ESCALATE,
    auth=True,
    responses={"201": {"description": "The new ticket"}, "409": {"$ref": "#/components/responses/Error"}},
)
def escalate_question(question_id: int):
    user = require_user()
    data = _optional_json()
    answer_id = data.get("answer_id")
    if answer_id is not None and (not isinstance(answer_id, int) or isinstance(answer_id, bool)):
        raise ValidationError(fields={"answer_id": _l("Must be a whole number.")})
    ticket = escalation.escalate_question(
        user,
        question_id,
        priority=string_field(data, "priority", required=False, max_length=16),
        note=string_field(data, "note", required=False, max_length=20000),
        answer_id=answer_id,
    )
    return jsonify(ticket_json(ticket, user)), 201
