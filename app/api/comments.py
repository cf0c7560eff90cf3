"""Comments on questions and answers."""

from flask import jsonify

from app.api import bp
from app.api.questions import _post_limit
from app.api.schema import Body, operation, text
from app.api.util import IDEMPOTENCY_HEADER, idempotency_key, require_user
from app.extensions import limiter
from app.qa import services
from app.qa.serialize import comment_json
from app.qa.text import COMMENT_MAX


class NewComment(Body):
    body: text(COMMENT_MAX)
    idempotency_key: str | None = None


def _comment(post_type: str, post_id: int, body: NewComment):
    user = require_user()
    comment = services.add_comment(user, post_type, post_id, body=body.body, idempotency_key=idempotency_key(body))
    return jsonify(comment_json(comment)), 201


@bp.post("/questions/<int:id>/comments")
@limiter.limit(_post_limit)
@operation("Comment on a question", body=NewComment, auth=True, status=201, headers=(IDEMPOTENCY_HEADER,))
def comment_question(id: int, body: NewComment):
    return _comment("question", id, body)


@bp.post("/answers/<int:id>/comments")
@limiter.limit(_post_limit)
@operation("Comment on an answer", body=NewComment, auth=True, status=201, headers=(IDEMPOTENCY_HEADER,))
def comment_answer(id: int, body: NewComment):
    return _comment("answer", id, body)


@bp.delete("/comments/<int:id>")
@operation("Delete a comment (author or moderator)", auth=True, status=204)
def delete_comment(id: int):
    user = require_user()
    services.delete_comment(user, services.get_post(user, "comment", id))
    return "", 204
