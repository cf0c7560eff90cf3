"""Answers: post, read, edit, delete, vote, accept."""

from flask import jsonify
from flask_login import current_user

from app.api import bp
from app.api.questions import _post_limit, idempotency_key
from app.api.util import document, json_body, require_user, string_field
from app.extensions import limiter
from app.qa import services, voting
from app.qa.serialize import answer_json, question_summary
from app.qa.text import BODY_MAX

ANSWER = {"type": "object", "required": ["body"], "properties": {"body": {"type": "string", "maxLength": BODY_MAX}}}
VOTE = {"type": "object", "required": ["value"], "properties": {"value": {"type": "integer", "enum": [-1, 0, 1]}}}


def _answer_out(answer) -> dict:
    return answer_json(answer, accepted_id=answer.question.accepted_answer_id)


@bp.post("/questions/<int:question_id>/answers")
@limiter.limit(_post_limit)
@document("/questions/{id}/answers", "post", "Answer a question", body=ANSWER, auth=True,
          responses={"201": {"description": "Created"}})  # fmt: skip
def post_answer(question_id: int):
    user = require_user()
    data = json_body()
    question = services.get_question(user, question_id)
    answer = services.post_answer(
        user, question, body=string_field(data, "body", max_length=BODY_MAX), idempotency_key=idempotency_key(data)
    )
    return jsonify(_answer_out(answer)), 201


@bp.get("/answers/<int:answer_id>")
@document("/answers/{id}", "get", "One answer")
def get_answer(answer_id: int):
    return jsonify(_answer_out(services.get_post(current_user, "answer", answer_id)))


@bp.patch("/answers/<int:answer_id>")
@document("/answers/{id}", "patch", "Edit an answer (author or moderator)", body=ANSWER, auth=True)
def edit_answer(answer_id: int):
    user = require_user()
    data = json_body()
    answer = services.get_post(user, "answer", answer_id)
    services.edit_answer(user, answer, body=string_field(data, "body", max_length=BODY_MAX))
    return jsonify(_answer_out(answer))


@bp.delete("/answers/<int:answer_id>")
@document("/answers/{id}", "delete", "Delete an answer (author or moderator)", auth=True,
          responses={"204": {"description": "Deleted"}})  # fmt: skip
def delete_answer(answer_id: int):
    user = require_user()
    services.delete_answer(user, services.get_post(user, "answer", answer_id))
    return "", 204


@bp.post("/answers/<int:answer_id>/restore")
@document("/answers/{id}/restore", "post", "Restore a deleted answer (moderators)", auth=True)
def restore_answer(answer_id: int):
    user = require_user()
    answer = services.get_post(user, "answer", answer_id)
    services.restore_answer(user, answer)
    return jsonify(_answer_out(answer))


@bp.post("/answers/<int:answer_id>/vote")
@document("/answers/{id}/vote", "post", "Vote an answer up (1), down (-1) or remove the vote (0)", body=VOTE,
          auth=True)  # fmt: skip
def vote_answer(answer_id: int):
    user = require_user()
    score = voting.vote(user, "answer", answer_id, json_body().get("value"))
    return jsonify({"post_type": "answer", "post_id": answer_id, "score": score})


@bp.post("/answers/<int:answer_id>/accept")
@document("/answers/{id}/accept", "post", "Accept an answer (the asker or a moderator)", auth=True)
def accept_answer(answer_id: int):
    user = require_user()
    question = voting.accept_answer(user, services.get_post(user, "answer", answer_id))
    return jsonify(question_summary(question))
