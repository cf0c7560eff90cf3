"""Answers: post, read, edit, delete, vote, accept."""

from flask import jsonify
from flask_login import current_user

from app.api import bp
from app.api.questions import Vote, _post_limit
from app.api.schema import Body, operation, text
from app.api.util import IDEMPOTENCY_HEADER, idempotency_key, require_user
from app.extensions import limiter
from app.qa import services, voting
from app.qa.serialize import answer_json, question_summary
from app.qa.text import BODY_MAX


class NewAnswer(Body):
    body: text(BODY_MAX)
    idempotency_key: str | None = None


class AnswerEdit(Body):
    body: text(BODY_MAX)


def _answer_out(answer) -> dict:
    return answer_json(answer, accepted_id=answer.question.accepted_answer_id)


@bp.post("/questions/<int:id>/answers")
@limiter.limit(_post_limit)
@operation("Answer a question", body=NewAnswer, auth=True, status=201, headers=(IDEMPOTENCY_HEADER,))
def post_answer(id: int, body: NewAnswer):
    user = require_user()
    question = services.get_question(user, id)
    answer = services.post_answer(user, question, body=body.body, idempotency_key=idempotency_key(body))
    return jsonify(_answer_out(answer)), 201


@bp.get("/answers/<int:id>")
@operation("One answer")
def get_answer(id: int):
    return jsonify(_answer_out(services.get_post(current_user, "answer", id)))


@bp.patch("/answers/<int:id>")
@operation("Edit an answer (author or moderator)", body=AnswerEdit, auth=True)
def edit_answer(id: int, body: AnswerEdit):
    user = require_user()
    answer = services.get_post(user, "answer", id)
    services.edit_answer(user, answer, body=body.body)
    return jsonify(_answer_out(answer))


@bp.delete("/answers/<int:id>")
@operation("Delete an answer (author or moderator)", auth=True, status=204)
def delete_answer(id: int):
    user = require_user()
    services.delete_answer(user, services.get_post(user, "answer", id))
    return "", 204


@bp.post("/answers/<int:id>/restore")
@operation("Restore a deleted answer (moderators)", auth=True)
def restore_answer(id: int):
    user = require_user()
    answer = services.get_post(user, "answer", id)
    services.restore_answer(user, answer)
    return jsonify(_answer_out(answer))


@bp.post("/answers/<int:id>/vote")
@operation("Vote an answer up (1), down (-1) or remove the vote (0)", body=Vote, auth=True)
def vote_answer(id: int, body: Vote):
    user = require_user()
    score = voting.vote(user, "answer", id, body.value)
    return jsonify({"post_type": "answer", "post_id": id, "score": score})


@bp.post("/answers/<int:id>/accept")
@operation("Accept an answer (the asker or a moderator)", auth=True)
def accept_answer(id: int):
    user = require_user()
    question = voting.accept_answer(user, services.get_post(user, "answer", id))
    return jsonify(question_summary(question))
