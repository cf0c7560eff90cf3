"""Questions: list, ask, read one thread, edit, delete, vote, me-too, similar."""

from typing import Annotated, Literal

from flask import current_app, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import Field

from app.api import bp
from app.api.schema import Body, Id, Query, operation, text, title_text
from app.api.util import IDEMPOTENCY_HEADER, idempotency_key, require_user
from app.core.errors import NotFound, ValidationError
from app.extensions import limiter
from app.qa import queries, services, voting
from app.qa.serialize import question_summary, thread_json
from app.qa.text import BODY_MAX, MAX_TAGS, TAG_MAX_LENGTH, TITLE_MAX, TITLE_MIN
from app.search import analytics

Tag = Annotated[str, Field(min_length=1, max_length=TAG_MAX_LENGTH, pattern=r"^\s*[\w][\w.+#-]*\s*$")]
SpaceRef = Annotated[str | Id, Field(description="space slug or id")]


class NewQuestion(Body):
    title: title_text(TITLE_MAX, min_width=TITLE_MIN)
    body: text(BODY_MAX)
    space: SpaceRef
    tags: Annotated[list[Tag], Field(max_length=MAX_TAGS)] = []
    idempotency_key: str | None = None


class QuestionEdit(Body):
    title: title_text(TITLE_MAX, min_width=TITLE_MIN) = None
    body: text(BODY_MAX) = None
    space: SpaceRef = None
    tags: Annotated[list[Tag], Field(max_length=MAX_TAGS)] = None


class Vote(Body):
    value: Literal[-1, 0, 1]


class QuestionList(Query):
    space: str | None = None
    tag: str | None = None
    status: Literal[queries.FILTERS] | None = None
    sort: Literal[queries.SORTS] = "newest"
    page: Annotated[int, Field(ge=1, le=10_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20


class Similar(Query):
    title: Annotated[str, Field(max_length=300)]
    limit: Annotated[int, Field(ge=1, le=20)] = 5


class SimilarClick(Body):
    question_id: Id
    title: Annotated[str, Field(max_length=1000)] = ""
    position: Annotated[int, Field(ge=0, le=1000)] = None
    search_id: Annotated[str, Field(max_length=32, description="from GET /questions/similar")] = None


def _post_limit() -> str:
    return current_app.config["QA_POST_RATE_LIMIT"]


def _list_filters(query: QuestionList) -> dict:
    filters = {"sort": query.sort, "status": query.status}
    if query.space:
        try:
            filters["space"] = services.find_space(query.space)
        except ValidationError:
            raise ValidationError(fields={"space": _l("Unknown space.")}) from None
    if query.tag:
        try:
            filters["tag"] = queries.tag_by_name(query.tag)
        except NotFound:
            raise ValidationError(fields={"tag": _l("Unknown tag.")}) from None
    return filters


@bp.get("/questions")
@operation("List visible questions", query=QuestionList)
def list_questions(query: QuestionList):
    page = queries.list_questions(page=query.page, per_page=query.per_page, **_list_filters(query))
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
@operation("Ask a question", body=NewQuestion, auth=True, status=201, headers=(IDEMPOTENCY_HEADER,),
           description="A repeated Idempotency-Key returns the earlier result.")  # fmt: skip
def ask_question(body: NewQuestion):
    user = require_user()
    question = services.ask_question(
        user, title=body.title, body=body.body, space=body.space, tags=body.tags, idempotency_key=idempotency_key(body)
    )
    return jsonify(thread_json(queries.load_thread(user, question.id))), 201


@bp.get("/questions/similar")
@operation("Questions similar to a title being typed", query=Similar)
def similar_questions(query: Similar):
    found = queries.similar_questions(query.title, query.limit)
    search_id = analytics.record_suggested(current_user, query.title, [f"question:{q.id}" for q in found],
                                           user_agent=request.headers.get("User-Agent"))  # fmt: skip
    return jsonify({"search_id": search_id, "questions": [question_summary(q) for q in found]})


@bp.post("/questions/similar/clicks")
@operation("Record a click on a suggested similar question", body=SimilarClick, status=204)
def similar_click(body: SimilarClick):
    if body.search_id is not None and not analytics.valid_search_id(body.search_id):
        raise ValidationError(fields={"search_id": analytics.BAD_SEARCH_ID})
    queries.record_similar_click(current_user, body.question_id, body.title, body.position, search_id=body.search_id)
    return "", 204


@bp.get("/questions/<int:id>")
@operation("One question with its answers and comments")
def get_question(id: int):
    return jsonify(thread_json(queries.load_thread(current_user, id)))


@bp.patch("/questions/<int:id>")
@operation("Edit a question (author or moderator)", body=QuestionEdit, auth=True)
def edit_question(id: int, body: QuestionEdit):
    user = require_user()
    question = services.get_question(user, id)
    services.edit_question(user, question, title=body.title, body=body.body, tags=body.tags, space=body.space)
    return jsonify(thread_json(queries.load_thread(user, id)))


@bp.delete("/questions/<int:id>")
@operation("Delete a question (author or moderator)", auth=True, status=204)
def delete_question(id: int):
    user = require_user()
    services.delete_question(user, services.get_question(user, id))
    return "", 204


@bp.post("/questions/<int:id>/restore")
@operation("Restore a deleted question (moderators)", auth=True)
def restore_question(id: int):
    user = require_user()
    question = services.get_question(user, id)
    services.restore_question(user, question)
    return jsonify(question_summary(question))


@bp.post("/questions/<int:id>/vote")
@operation("Vote a question up (1), down (-1) or remove the vote (0)", body=Vote, auth=True)
def vote_question(id: int, body: Vote):
    user = require_user()
    score = voting.vote(user, "question", id, body.value)
    return jsonify({"post_type": "question", "post_id": id, "score": score})


@bp.post("/questions/<int:id>/me-too")
@operation("Say: I have this question too", auth=True)
def me_too(id: int):
    user = require_user()
    count = voting.me_too(user, services.get_question(user, id))
    return jsonify({"question_id": id, "me_too_count": count})
