"""Comments on questions and answers."""

from flask import jsonify

from app.api import bp
from app.api.questions import _post_limit, idempotency_key
from app.api.util import document, json_body, require_user, string_field
from app.extensions import limiter
from app.qa import services
from app.qa.serialize import comment_json
from app.qa.text import COMMENT_MAX

COMMENT = {"type": "object", "required": ["body"], "properties": {"body": {"type": "string", "maxLength": COMMENT_MAX}}}


def _comment(post_type: str, post_id: int):
    user = require_user()
    data = json_body()
    comment = services.add_comment(
        user,
        post_type,
        post_id,
        body=string_field(data, "body", max_length=COMMENT_MAX),
        idempotency_key=idempotency_key(data),
    )
    return jsonify(comment_json(comment)), 201


@bp.post("/questions/<int:post_id>/comments")
@limiter.limit(_post_limit)
@document("/questions/{id}/comments", "post", "Comment on a question", body=COMMENT, auth=True,
          responses={"201": {"description": "Created"}})  # fmt: skip
def comment_question(post_id: int):
    return _comment("question", post_id)


@bp.post("/answers/<int:post_id>/comments")
@limiter.limit(_post_limit)
@document("/answers/{id}/comments", "post", "Comment on an answer", body=COMMENT, auth=True,
          responses={"201": {"description": "Created"}})  # fmt: skip
def comment_answer(post_id: int):
    return _comment("answer", post_id)


@bp.delete("/comments/<int:comment_id>")
@document("/comments/{id}", "delete", "Delete a comment (author or moderator)", auth=True,
          responses={"204": {"description": "Deleted"}})  # fmt: skip
def delete_comment(comment_id: int):
    user = require_user()
    services.delete_comment(user, services.get_post(user, "comment", comment_id))
    return "", 204
