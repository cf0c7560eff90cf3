"""Ideas: list, submit, read, edit, vote, comment, status (product team), merge and undo, demand export."""

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.api import bp
from app.api.util import document, int_arg, json_body, require_user, string_field
from app.core.errors import ValidationError
from app.ideas import demand, services, workflow

IDEA = {
    "type": "object",
    "required": ["board", "title"],
    "properties": {
        "board": {"type": "string", "description": "board slug or id"},
        "title": {"type": "string", "minLength": 4, "maxLength": 200},
        "body": {"type": "string", "maxLength": 20000, "description": "Markdown"},
    },
}
IDEA_EDIT = {"type": "object", "properties": {"title": {"type": "string"}, "body": {"type": "string"}}}
STATUS = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {
            "type": "string",
            "enum": ["open", "under_review", "planned", "in_progress", "completed", "declined"],
        },
        "response": {"type": "string", "maxLength": 10000, "description": "official response, Markdown"},
    },
}
MERGE = {"type": "object", "required": ["into"], "properties": {"into": {"type": "integer"}}}
COMMENT = {"type": "object", "required": ["body"], "properties": {"body": {"type": "string", "maxLength": 5000}}}
LINK = {
    "type": "object",
    "description": "question_id, or ticket_id (staff)",
    "properties": {"question_id": {"type": "integer"}, "ticket_id": {"type": "integer"}},
}
LIST_PARAMS = [
    {"name": "board", "in": "query", "schema": {"type": "string"}},
    {"name": "status", "in": "query", "schema": {"type": "string"}},
    {
        "name": "sort",
        "in": "query",
        "schema": {"type": "string", "enum": ["top", "weighted", "new", "newest", "trending"]},
    },
    {"name": "page", "in": "query", "schema": {"type": "integer"}},
]


def idea_json(idea, *, user=None, detail: bool = False) -> dict:
    data = {
        "id": idea.id,
        "board": {"id": idea.board_id, "slug": idea.board.slug},
        "title": idea.title,
        "status": idea.status,
        "votes": idea.vote_count,
        "weighted_demand": idea.weighted_demand,
        "comment_count": idea.comment_count,
        "merged_into": idea.merged_into_id,
        "author": {"id": idea.author.id, "username": idea.author.username, "display_name": idea.author.display_name}
        if idea.author
        else None,
        "created_at": idea.created_at.isoformat(),
    }
    if user is not None and getattr(user, "is_authenticated", False):
        data["voted"] = services.has_voted(user, idea)
    if detail:
        changes = workflow.history(idea)
        data.update(
            {
                "body": idea.body,
                "body_html": idea.body_html,
                "history": [_change_json(c) for c in changes],
                "response": _change_json(r) if (r := workflow.latest_response(changes)) else None,
                "comments": [_comment_json(c) for c in services.comments_of(idea)],
                "linked_questions": [link.question_id for link, _q in workflow.linked_questions(idea)],
                "votes_left": services.votes_left(user, idea.board) if user is not None else None,
            }
        )
    return data


def _change_json(change) -> dict:
    return {
        "id": change.id,
        "from": change.from_status,
        "to": change.to_status,
        "response": change.response,
        "response_html": change.response_html,
        "actor_id": change.actor_id,
        "created_at": change.created_at.isoformat(),
    }


def _comment_json(comment) -> dict:
    return {
        "id": comment.id,
        "author_id": comment.author_id,
        "body": comment.body,
        "body_html": comment.body_html,
        "created_at": comment.created_at.isoformat(),
    }


def _viewer():
    return current_user._get_current_object() if current_user.is_authenticated else None


@bp.get("/ideas")
@document(
    "/ideas", "get", "Ideas (filter by board and status; sort top, weighted, new or trending)", params=LIST_PARAMS
)
def list_ideas():
    board = services.get_board(request.args["board"]) if request.args.get("board") else None
    sort = request.args.get("sort") or "top"
    sort = "newest" if sort == "new" else sort
    page = services.list_ideas(
        board=board,
        status=request.args.get("status") or None,
        sort=sort,
        page=int_arg("page", 1),
        per_page=int_arg("per_page", 20, maximum=100),
    )
    viewer = _viewer()
    return jsonify(
        {
            "ideas": [idea_json(i, user=viewer) for i in page.items],
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
        }
    )


@bp.post("/ideas")
@document("/ideas", "post", "Submit an idea", body=IDEA, auth=True, responses={"201": {"description": "Created"}})
def create_idea():
    user = require_user()
    data = json_body()
    board_ref = data.get("board")
    if board_ref in (None, "") or not isinstance(board_ref, str | int) or isinstance(board_ref, bool):
        raise ValidationError(fields={"board": _l("This field is required.")})
    board = services.get_board(board_ref)
    idea = services.create_idea(
        user, board, title=string_field(data, "title", max_length=200), body=string_field(data, "body", required=False)
    )
    return jsonify(idea_json(idea, user=user, detail=True)), 201


@bp.get("/ideas/<int:idea_id>")
@document("/ideas/{id}", "get", "One idea with its status history, official response and comments")
def get_idea(idea_id):
    return jsonify(idea_json(services.get_idea(idea_id), user=_viewer(), detail=True))


@bp.patch("/ideas/<int:idea_id>")
@document("/ideas/{id}", "patch", "Edit an idea (its author or the product team)", body=IDEA_EDIT, auth=True)
def edit_idea(idea_id):
    user = require_user()
    idea = services.get_idea(idea_id)
    data = json_body()
    title = string_field(data, "title", required=False, max_length=200) or idea.title
    body = data.get("body", idea.body)
    idea = services.edit_idea(user, idea, title=title, body=body)
    return jsonify(idea_json(idea, user=user, detail=True))


@bp.post("/ideas/<int:idea_id>/vote")
@document("/ideas/{id}/vote", "post", "Vote for an idea (repeating it changes nothing)", auth=True)
def vote(idea_id):
    user = require_user()
    idea = services.set_vote(user, services.get_idea(idea_id), True)
    return jsonify(_vote_json(idea, user))


@bp.delete("/ideas/<int:idea_id>/vote")
@document("/ideas/{id}/vote", "delete", "Take back a vote", auth=True)
def unvote(idea_id):
    user = require_user()
    idea = services.set_vote(user, services.get_idea(idea_id), False)
    return jsonify(_vote_json(idea, user))


def _vote_json(idea, user) -> dict:
    return {
        "idea_id": idea.id,
        "voted": services.has_voted(user, idea),
        "votes": idea.vote_count,
        "weighted_demand": idea.weighted_demand,
        "votes_left": services.votes_left(user, idea.board),
    }


@bp.post("/ideas/<int:idea_id>/comments")
@document(
    "/ideas/{id}/comments",
    "post",
    "Comment on an idea",
    body=COMMENT,
    auth=True,
    responses={"201": {"description": "Created"}},
)
def comment(idea_id):
    user = require_user()
    data = json_body()
    created = services.add_comment(user, services.get_idea(idea_id), string_field(data, "body", max_length=5000))
    return jsonify(_comment_json(created)), 201


@bp.post("/ideas/<int:idea_id>/status")
@document(
    "/ideas/{id}/status",
    "post",
    "Change an idea's status with an optional official response (product team)",
    body=STATUS,
    auth=True,
)
def change_status(idea_id):
    user = require_user()
    data = json_body()
    status = data.get("status")
    if status is not None and not isinstance(status, str):
        raise ValidationError(fields={"status": _l("Must be a string.")})
    response = string_field(data, "response", required=False, max_length=10000) or ""
    idea = services.get_idea(idea_id)
    workflow.change_status(user, idea, status, response)
    return jsonify(idea_json(idea, user=user, detail=True))


@bp.post("/ideas/<int:idea_id>/merge")
@document(
    "/ideas/{id}/merge",
    "post",
    "Merge this duplicate into another idea (product team)",
    body=MERGE,
    auth=True,
    responses={"201": {"description": "Merged"}},
)
def merge(idea_id):
    user = require_user()
    data = json_body()
    into = data.get("into")
    if isinstance(into, bool) or not isinstance(into, int | str):
        raise ValidationError(fields={"into": _l("Give the number of the idea to merge into.")})
    record = workflow.merge(user, services.get_idea(idea_id), into)
    return jsonify(_merge_json(record)), 201


@bp.post("/ideas/merges/<int:merge_id>/undo")
@document("/ideas/merges/{id}/undo", "post", "Undo a merge (product team)", auth=True)
def undo_merge(merge_id):
    user = require_user()
    record = workflow.undo_merge(user, workflow.get_merge(merge_id))
    return jsonify(_merge_json(record))


def _merge_json(record) -> dict:
    return {
        "id": record.id,
        "source_id": record.source_id,
        "target_id": record.target_id,
        "created_at": record.created_at.isoformat(),
        "undone_at": record.undone_at.isoformat() if record.undone_at else None,
        "moved_voters": len((record.moved or {}).get("target_votes", [])),
        "moved_followers": len((record.moved or {}).get("followers", [])),
    }


@bp.post("/ideas/<int:idea_id>/links")
@document(
    "/ideas/{id}/links",
    "post",
    "Link an idea to a question or a ticket (product team, moderators, agents)",
    body=LINK,
    auth=True,
    responses={"201": {"description": "Linked"}},
)
def link(idea_id):
    user = require_user()
    data = json_body()
    idea = services.get_idea(idea_id)
    if data.get("ticket_id") is not None:
        created = workflow.link_ticket(user, idea, data.get("ticket_id"))
    else:
        created = workflow.link_question(user, idea, data.get("question_id"))
    body = {"id": created.id, "idea_id": created.idea_id}
    body.update({"question_id": created.question_id, "ticket_id": created.ticket_id})
    return jsonify(body), 201


@bp.get("/ideas/demand")
@document("/ideas/demand", "get", "Demand per idea with voters by tier and organization (product team)", auth=True)
def idea_demand():
    user = require_user()
    filters = demand.parse_filters(request.args)
    return jsonify(demand.export_json(demand.demand_rows(user, filters), filters))
