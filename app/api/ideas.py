"""Ideas: list, submit, read, edit, vote, comment, status (product team), merge and undo, demand export."""

from typing import Annotated, Literal

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from app.api import bp
from app.api.schema import Body, Id, Query, operation, text, title_text
from app.api.util import require_user
from app.ideas import demand, services, workflow
from app.ideas.models import IdeaStatus
from app.ideas.services import BODY_MAX, COMMENT_MAX, TITLE_MAX, TITLE_MIN
from app.ideas.workflow import RESPONSE_MAX

STATUSES = tuple(s.value for s in IdeaStatus)


class NewIdea(Body):
    board: Annotated[text(80) | Id, Field(description="board slug or id")]
    title: title_text(TITLE_MAX, min_width=TITLE_MIN)
    body: Annotated[str, Field(max_length=BODY_MAX, description="Markdown")] = ""


class IdeaEdit(Body):
    title: title_text(TITLE_MAX, min_width=TITLE_MIN) = None
    body: Annotated[str, Field(max_length=BODY_MAX)] = None


class StatusChange(Body):
    status: Literal[STATUSES]
    response: Annotated[str, Field(max_length=RESPONSE_MAX, description="official response, Markdown")] = ""


class Merge(Body):
    into: Id


class IdeaComment(Body):
    body: text(COMMENT_MAX)


class IdeaLink(Body):
    question_id: Id = None
    ticket_id: Annotated[Id, Field(description="staff only")] = None


class IdeaList(Query):
    board: str | None = None
    status: Literal[STATUSES] | None = None
    sort: Literal["top", "weighted", "new", "newest", "trending"] = "top"
    page: Annotated[int, Field(ge=1, le=10_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20


class DemandQuery(Query):
    board: str | None = None
    status: Literal[STATUSES] | None = None
    tier: Literal[demand.TIERS] | None = None
    sort: Literal[demand.MANAGE_SORTS] = "weighted"
    organization: Id | None = None


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
@operation("Ideas (filter by board and status; sort top, weighted, new or trending)", query=IdeaList)
def list_ideas(query: IdeaList):
    board = services.get_board(query.board) if query.board else None
    sort = "newest" if query.sort == "new" else query.sort
    page = services.list_ideas(board=board, status=query.status, sort=sort, page=query.page, per_page=query.per_page)
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
@operation("Submit an idea", body=NewIdea, auth=True, status=201)
def create_idea(body: NewIdea):
    user = require_user()
    board = services.get_board(body.board)
    idea = services.create_idea(user, board, title=body.title, body=body.body)
    return jsonify(idea_json(idea, user=user, detail=True)), 201


@bp.get("/ideas/<int:id>")
@operation("One idea with its status history, official response and comments")
def get_idea(id):
    return jsonify(idea_json(services.get_idea(id), user=_viewer(), detail=True))


@bp.patch("/ideas/<int:id>")
@operation("Edit an idea (its author or the product team)", body=IdeaEdit, auth=True)
def edit_idea(id, body: IdeaEdit):
    user = require_user()
    idea = services.get_idea(id)
    title = body.title or idea.title
    text_body = idea.body if body.body is None else body.body
    idea = services.edit_idea(user, idea, title=title, body=text_body)
    return jsonify(idea_json(idea, user=user, detail=True))


@bp.post("/ideas/<int:id>/vote")
@operation("Vote for an idea (repeating it changes nothing)", auth=True)
def vote(id):
    user = require_user()
    idea = services.set_vote(user, services.get_idea(id), True)
    return jsonify(_vote_json(idea, user))


@bp.delete("/ideas/<int:id>/vote")
@operation("Take back a vote", auth=True)
def unvote(id):
    user = require_user()
    idea = services.set_vote(user, services.get_idea(id), False)
    return jsonify(_vote_json(idea, user))


def _vote_json(idea, user) -> dict:
    return {
        "idea_id": idea.id,
        "voted": services.has_voted(user, idea),
        "votes": idea.vote_count,
        "weighted_demand": idea.weighted_demand,
        "votes_left": services.votes_left(user, idea.board),
    }


@bp.post("/ideas/<int:id>/comments")
@operation("Comment on an idea", body=IdeaComment, auth=True, status=201)
def comment(id, body: IdeaComment):
    user = require_user()
    created = services.add_comment(user, services.get_idea(id), body.body)
    return jsonify(_comment_json(created)), 201


@bp.post("/ideas/<int:id>/status")
@operation("Change an idea's status with an optional official response (product team)", body=StatusChange, auth=True)
def change_status(id, body: StatusChange):
    user = require_user()
    idea = services.get_idea(id)
    workflow.change_status(user, idea, body.status, body.response)
    return jsonify(idea_json(idea, user=user, detail=True))


@bp.post("/ideas/<int:id>/merge")
@operation("Merge this duplicate into another idea (product team)", body=Merge, auth=True, status=201, errors=(409,))
def merge(id, body: Merge):
    user = require_user()
    record = workflow.merge(user, services.get_idea(id), body.into)
    return jsonify(_merge_json(record)), 201


@bp.post("/ideas/merges/<int:id>/undo")
@operation("Undo a merge (product team)", auth=True, errors=(409,))
def undo_merge(id):
    user = require_user()
    record = workflow.undo_merge(user, workflow.get_merge(id))
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


@bp.post("/ideas/<int:id>/links")
@operation("Link an idea to a question or a ticket (product team, moderators, agents)", body=IdeaLink, auth=True,
           status=201, errors=(409,), description="Send question_id, or ticket_id (staff).")  # fmt: skip
def link(id, body: IdeaLink):
    user = require_user()
    idea = services.get_idea(id)
    if body.ticket_id is not None:
        created = workflow.link_ticket(user, idea, body.ticket_id)
    else:
        created = workflow.link_question(user, idea, body.question_id)
    out = {"id": created.id, "idea_id": created.idea_id}
    out.update({"question_id": created.question_id, "ticket_id": created.ticket_id})
    return jsonify(out), 201


@bp.get("/ideas/demand")
@operation("Demand per idea with voters by tier and organization (product team)", query=DemandQuery, auth=True)
def idea_demand(query: DemandQuery):
    user = require_user()
    filters = demand.parse_filters(query.model_dump(exclude_none=True))
    return jsonify(demand.export_json(demand.demand_rows(user, filters), filters))
