"""Questions: list, ask, read one thread, edit, delete, vote, me-too, similar."""

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.api import bp
from app.api.util import document, int_arg, json_body, require_user, string_field
from app.core.errors import NotFound, ValidationError
from app.extensions import limiter
from app.qa import queries, services, voting
from app.qa.serialize import question_summary, thread_json
from app.qa.text import BODY_MAX
from app.search import analytics

QUESTION = {
    "type": "object",
    "required": ["title", "body", "space"],
    "properties": {
        "title": {"type": "string", "minLength": 10, "maxLength": 150},
        "body": {"type": "string", "maxLength": BODY_MAX},
        "space": {"type": ["string", "integer"], "description": "space slug or id"},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
    },
}
QUESTION_PATCH = {**QUESTION, "required": []}
VOTE = {"type": "object", "required": ["value"], "properties": {"value": {"type": "integer", "enum": [-1, 0, 1]}}}
IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 8, "maxLength": 64},
    "description": "Repeat a request with the same key and the first result comes back; nothing new is created.",
}
LIST_PARAMS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
    for name in ("space", "tag", "status", "sort", "page")
]


def _post_limit() -> str:
    from flask import current_app

    return current_app.config["QA_POST_RATE_LIMIT"]


def idempotency_key(data: dict | None = None):
    return request.headers.get("Idempotency-Key") or (data or {}).get("idempotency_key")


def _list_filters() -> dict:
    filters = {"sort": request.args.get("sort", "newest"), "status": request.args.get("status") or None}
    space = request.args.get("space")
    if space:
        try:
            filters["space"] = services.find_space(space)
        except ValidationError:
            raise ValidationError(fields={"space": _l("Unknown space.")}) from None
    tag = request.args.get("tag")
    if tag:
        try:
            filters["tag"] = queries.tag_by_name(tag)
        except NotFound:
            raise ValidationError(fields={"tag": _l("Unknown tag.")}) from None
    return filters


@bp.get("/questions")
@document("/questions", "get", "List visible questions", params=LIST_PARAMS)
def list_questions():
    filters = _list_filters()
    page = queries.list_questions(page=int_arg("page", 1), per_page=int_arg("per_page", 20, maximum=100), **filters)
    return jsonify(
        {
            "questions": [question_summary(q) for q in page.items],
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
        }
    )


@bp.post("/questions")
@limiter.limit(_post_limit)
@document("/questions", "post", "Ask a question", body=QUESTION, auth=True, params=[IDEMPOTENCY],
          responses={"201": {"description": "Created (or the earlier result for a repeated Idempotency-Key)"}})  # fmt: skip
def ask_question():
    user = require_user()
    data = json_body()
    question = services.ask_question(
        user,
        title=string_field(data, "title", max_length=1000),
        body=string_field(data, "body", max_length=BODY_MAX),
        space=data.get("space"),
        tags=data.get("tags"),
        idempotency_key=idempotency_key(data),
    )
    return jsonify(thread_json(queries.load_thread(user, question.id))), 201


@bp.get("/questions/similar")
@document("/questions/similar", "get", "Questions similar to a title being typed",
          params=[{"name": "title", "in": "query", "required": True, "schema": {"type": "string"}}])  # fmt: skip
def similar_questions():
    title = request.args.get("title", "")[:300]
    limit = int_arg("limit", 5, maximum=20)
    found = queries.similar_questions(title, limit)
    search_id = analytics.record_suggested(current_user, title, [f"question:{q.id}" for q in found],
                                           user_agent=request.headers.get("User-Agent"))  # fmt: skip
    return jsonify({"search_id": search_id, "questions": [question_summary(q) for q in found]})


SIMILAR_CLICK = {
    "type": "object",
    "required": ["question_id"],
    "properties": {
        "question_id": {"type": "integer"},
        "title": {"type": "string"},
        "position": {"type": "integer"},
        "search_id": {"type": "string", "description": "from GET /questions/similar"},
    },
}


@bp.post("/questions/similar/clicks")
@document("/questions/similar/clicks", "post", "Record a click on a suggested similar question", body=SIMILAR_CLICK,
          responses={"204": {"description": "Recorded"}})  # fmt: skip
def similar_click():
    data = json_body()
    question_id, position = data.get("question_id"), data.get("position")
    if isinstance(question_id, bool) or not isinstance(question_id, int):
        raise ValidationError(fields={"question_id": _l("Must be a whole number.")})
    if position is not None and (isinstance(position, bool) or not isinstance(position, int)):
        raise ValidationError(fields={"position": _l("Must be a whole number.")})
    title = string_field(data, "title", required=False, max_length=1000) or ""
    search_id = string_field(data, "search_id", required=False, max_length=32) or None
    if search_id is not None and not analytics.valid_search_id(search_id):
        raise ValidationError(fields={"search_id": analytics.BAD_SEARCH_ID})
    queries.record_similar_click(current_user, question_id, title, position, search_id=search_id)
    return "", 204


@bp.get("/questions/<int:question_id>")
@document("/questions/{id}", "get", "One question with its answers and comments")
def get_question(question_id: int):
    return jsonify(thread_json(queries.load_thread(current_user, question_id)))


@bp.patch("/questions/<int:question_id>")
@document("/questions/{id}", "patch", "Edit a question (author or moderator)", body=QUESTION_PATCH, auth=True)
def edit_question(question_id: int):
    user = require_user()
    data = json_body()
    question = services.get_question(user, question_id)
    services.edit_question(
        user,
        question,
        title=data.get("title"),
        body=string_field(data, "body", required=False, max_length=BODY_MAX) if "body" in data else None,
        tags=data.get("tags"),
        space=data.get("space"),
    )
    return jsonify(thread_json(queries.load_thread(user, question_id)))


@bp.delete("/questions/<int:question_id>")
@document("/questions/{id}", "delete", "Delete a question (author or moderator)", auth=True,
          responses={"204": {"description": "Deleted"}})  # fmt: skip
def delete_question(question_id: int):
    user = require_user()
    services.delete_question(user, services.get_question(user, question_id))
    return "", 204


@bp.post("/questions/<int:question_id>/restore")
@document("/questions/{id}/restore", "post", "Restore a deleted question (moderators)", auth=True)
def restore_question(question_id: int):
    user = require_user()
    question = services.get_question(user, question_id)
    services.restore_question(user, question)
    return jsonify(question_summary(question))


@bp.post("/questions/<int:question_id>/vote")
@document("/questions/{id}/vote", "post", "Vote a question up (1), down (-1) or remove the vote (0)", body=VOTE,
          auth=True)  # fmt: skip
def vote_question(question_id: int):
    user = require_user()
    score = voting.vote(user, "question", question_id, json_body().get("value"))
    return jsonify({"post_type": "question", "post_id": question_id, "score": score})


@bp.post("/questions/<int:question_id>/me-too")
@document("/questions/{id}/me-too", "post", "Say: I have this question too", auth=True)
def me_too(question_id: int):
    user = require_user()
    count = voting.me_too(user, services.get_question(user, question_id))
    return jsonify({"question_id": question_id, "me_too_count": count})
