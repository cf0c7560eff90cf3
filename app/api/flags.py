"""Flagging questions and answers for moderator review."""

from flask import current_app, jsonify

from app.api import bp
from app.api.util import OPENAPI_PATHS, document, json_body, require_user, string_field
from app.extensions import limiter
from app.moderation import flags


def _post_limit() -> str:
    return current_app.config["QA_POST_RATE_LIMIT"]


FLAG = {
    "type": "object",
    "required": ["reason"],
    "properties": {
        "reason": {"type": "string", "enum": ["spam", "offensive", "off_topic", "needs_staff", "other"]},
        "note": {"type": "string", "maxLength": flags.NOTE_MAX},
    },
}


@bp.post("/<any(questions, answers):kind>/<int:post_id>/flags")
@limiter.limit(_post_limit)
@document(
    "/questions/{id}/flags",
    "post",
    "Flag a question (one flag per user per post)",
    body=FLAG,
    auth=True,
    responses={"201": {"description": "Flagged"}, "409": {"$ref": "#/components/responses/Error"}},
)
@document(
    "/answers/{id}/flags",
    "post",
    "Flag an answer (one flag per user per post)",
    body=FLAG,
    auth=True,
    responses={"201": {"description": "Flagged"}, "409": {"$ref": "#/components/responses/Error"}},
)
def flag_post(kind: str, post_id: int):
    user = require_user()
    data = json_body()
    flag = flags.flag_post(
        user,
        kind[:-1],
        post_id,
        reason=string_field(data, "reason", max_length=16),
        note=string_field(data, "note", required=False, max_length=flags.NOTE_MAX),
    )
    return jsonify({"id": flag.id, "post_type": flag.post_type, "post_id": flag.post_id, "reason": flag.reason}), 201


# One view serves both paths; give each documented operation its own id.
OPENAPI_PATHS["/questions/{id}/flags"]["post"]["operationId"] = "flag_question"
OPENAPI_PATHS["/answers/{id}/flags"]["post"]["operationId"] = "flag_answer"
