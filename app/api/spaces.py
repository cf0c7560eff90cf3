"""Q&A spaces."""

from typing import Annotated

from flask import jsonify
from pydantic import Field

from app.api import bp
from app.api.schema import Body, operation, text
from app.api.util import require_user
from app.qa import queries, spaces
from app.qa.serialize import space_json


class NewSpace(Body):
    name: text(80, one_line=True)
    slug: Annotated[str, Field(pattern=r"^\s*[\w-]{1,80}\s*$")] = None
    description: Annotated[str, Field(max_length=2000)] = ""
    position: Annotated[int, Field(ge=-10_000, le=10_000)] = 0


@bp.get("/spaces")
@operation("List the Q&A spaces in order")
def list_spaces():
    return jsonify({"spaces": [space_json(s) for s in queries.spaces()]})


@bp.post("/spaces")
@operation("Create a space (admins)", body=NewSpace, auth=True, status=201, errors=(409,))
def create_space(body: NewSpace):
    user = require_user()
    space = spaces.create_space(
        user, name=body.name, slug=body.slug, description=body.description, position=body.position
    )
    return jsonify(space_json(space)), 201
