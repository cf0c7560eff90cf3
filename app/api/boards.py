"""Idea boards: list, create (administrators), roadmap."""

from typing import Annotated

from flask import jsonify
from pydantic import Field

from app.api import bp
from app.api.schema import Body, operation, text
from app.api.util import require_user
from app.ideas import services
from app.ideas.boards import BOARD_NAME_MAX, SLUG_RE


class NewBoard(Body):
    name: text(BOARD_NAME_MAX, one_line=True)
    slug: Annotated[str, Field(pattern=SLUG_RE.pattern)] = None
    description: Annotated[str, Field(max_length=1000)] = ""
    vote_budget: Annotated[int, Field(ge=1, le=1000)] | None = None


def board_json(board) -> dict:
    return {
        "id": board.id,
        "slug": board.slug,
        "name": board.name,
        "description": board.description,
        "vote_budget": board.vote_budget,
        "created_at": board.created_at.isoformat(),
    }


@bp.get("/boards")
@operation("Idea boards")
def list_boards():
    return jsonify({"boards": [board_json(b) for b in services.list_boards()]})


@bp.post("/boards")
@operation("Create an idea board (administrators)", body=NewBoard, auth=True, status=201, errors=(409,))
def create_board(body: NewBoard):
    user = require_user()
    board = services.create_board(
        user, name=body.name, slug=body.slug, description=body.description, vote_budget=body.vote_budget
    )
    return jsonify(board_json(board)), 201


@bp.get("/boards/<slug>/roadmap")
@operation("A board's roadmap: planned, in progress and completed ideas")
def board_roadmap(slug):
    from app.api.ideas import idea_json

    board = services.get_board(slug)
    columns = services.roadmap(board)
    return jsonify({"board": board_json(board), "columns": {k: [idea_json(i) for i in v] for k, v in columns.items()}})
