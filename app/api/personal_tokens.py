"""Personal API tokens with scopes: list, create, revoke."""

from typing import Literal

from flask import jsonify, request

from app.api import bp
from app.api.schema import Body, operation, text
from app.api.util import require_user
from app.channels import tokens


class NewToken(Body):
    name: text(64, one_line=True)
    scopes: list[Literal[tuple(tokens.SCOPES)]]
    expires_in_days: Literal[tuple(tokens.EXPIRY_DAYS)]


def _token_json(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "scopes": sorted(tokens.scopes_of(row)),
        "created_at": row.created_at.isoformat(),
        "expires_at": row.expires_at.isoformat(),
        "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None,
    }


@bp.get("/tokens")
@operation("Your personal API tokens that still work", auth=True)
def list_personal_tokens():
    return jsonify({"tokens": [_token_json(t) for t in tokens.list_tokens(require_user())]})


@bp.post("/tokens")
@operation(
    "Create a personal token (its scopes never exceed the calling token's); the value is shown once",
    body=NewToken,
    auth=True,
    status=201,
    errors=(403,),
)
def create_personal_token(body: NewToken):
    user = require_user()
    calling = request.environ.get("kith.api_token")
    within = tokens.scopes_of(calling) if calling is not None else None
    plain, row = tokens.create_token(user, name=body.name, scopes=body.scopes, days=body.expires_in_days, within=within)
    return jsonify({**_token_json(row), "token": plain, "token_type": "Bearer"}), 201


@bp.delete("/tokens/<int:id>")
@operation("Revoke one of your tokens", auth=True, status=204, errors=(404,))
def revoke_personal_token(id: int):
    tokens.revoke_token(require_user(), id)
    return "", 204
