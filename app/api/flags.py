"""Flagging questions and answers for moderator review."""

from typing import Annotated, Literal

from flask import current_app, jsonify
from pydantic import ConfigDict, Field, TypeAdapter

from app.api import bp
from app.api.schema import Body, operation, text
from app.api.util import require_user
from app.extensions import limiter
from app.moderation import flags


def _post_limit() -> str:
    return current_app.config["QA_POST_RATE_LIMIT"]


NOTE = text(flags.NOTE_MAX)


class NewFlag(Body):
    # A flag for "other" reasons must say what is wrong (flags.flag_post refuses it otherwise, naming `note`).
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"reason": {"const": "other"}}, "required": ["reason"]},
            "then": {"required": ["note"], "properties": {"note": TypeAdapter(NOTE).json_schema()}},
        }
    )

    reason: Literal[tuple(flags.REASON_LABELS)]
    note: Annotated[str, Field(max_length=flags.NOTE_MAX)] = None


def _flag(post_type: str, post_id: int, body: NewFlag):
    user = require_user()
    flag = flags.flag_post(user, post_type, post_id, reason=body.reason, note=body.note)
    return jsonify({"id": flag.id, "post_type": flag.post_type, "post_id": flag.post_id, "reason": flag.reason}), 201


@bp.post("/questions/<int:id>/flags")
@limiter.limit(_post_limit)
@operation("Flag a question (one flag per user per post)", body=NewFlag, auth=True, status=201, errors=(409,))
def flag_question(id: int, body: NewFlag):
    return _flag("question", id, body)


@bp.post("/answers/<int:id>/flags")
@limiter.limit(_post_limit)
@operation("Flag an answer (one flag per user per post)", body=NewFlag, auth=True, status=201, errors=(409,))
def flag_answer(id: int, body: NewFlag):
    return _flag("answer", id, body)
