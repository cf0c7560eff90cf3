"""Q&A spaces."""

from flask import jsonify

from app.api import bp
from app.api.util import document, json_body, require_user, string_field
from app.qa import queries, spaces
from app.qa.serialize import space_json

SPACE = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "maxLength": 80},
        "slug": {"type": "string", "maxLength": 80},
        "description": {"type": "string", "maxLength": 2000},
        "position": {"type": "integer"},
    },
}


@bp.get("/spaces")
@document("/spaces", "get", "List the Q&A spaces in order")
def list_spaces():
    return jsonify({"spaces": [space_json(s) for s in queries.spaces()]})


@bp.post("/spaces")
@document(
    "/spaces", "post", "Create a space (admins)", body=SPACE, auth=True, responses={"201": {"description": "Created"}}
)
def create_space():
    user = require_user()
    data = json_body()
    space = spaces.create_space(
        user,
        name=string_field(data, "name", max_length=80),
        slug=string_field(data, "slug", required=False, max_length=80),
        description=string_field(data, "description", required=False, max_length=2000) or "",
        position=data.get("position", 0),
    )
    return jsonify(space_json(space)), 201
