"""Idea boards: list, create (administrators), roadmap."""

from flask import jsonify

from app.api import bp
from app.api.util import document, json_body, require_user, string_field
from app.ideas import services

BOARD = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "maxLength": 120},
        "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$"},
        "description": {"type": "string", "maxLength": 1000},
        "vote_budget": {"type": ["integer", "null"], "minimum": 1, "maximum": 1000},
    },
}


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
@document("/boards", "get", "Idea boards")
def list_boards():
    return jsonify({"boards": [board_json(b) for b in services.list_boards()]})


@bp.post("/boards")
@document(
    "/boards",
    "post",
    "Create an idea board (administrators)",
    body=BOARD,
    auth=True,
    responses={"201": {"description": "Created"}},
)
def create_board():
    user = require_user()
    data = json_body()
    board = services.create_board(
        user,
        name=string_field(data, "name", max_length=120),
        slug=string_field(data, "slug", required=False, max_length=64),
        description=string_field(data, "description", required=False, max_length=1000) or "",
        vote_budget=data.get("vote_budget"),
    )
    return jsonify(board_json(board)), 201


@bp.get("/boards/<slug>/roadmap")
@document("/boards/{slug}/roadmap", "get", "A board's roadmap: planned, in progress and completed ideas")
def board_roadmap(slug):
    from app.api.ideas import idea_json

    board = services.get_board(slug)
    columns = services.roadmap(board)
    return jsonify({"board": board_json(board), "columns": {k: [idea_json(i) for i in v] for k, v in columns.items()}})
