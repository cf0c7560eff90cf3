"""Personal API tokens with scopes: list, create, revoke (the integrator moves this to the schema edge)."""

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.util import document, json_body, require_user, string_field
from app.channels import tokens
from app.core.errors import ValidationError

NEW_TOKEN = {
    "type": "object",
    "required": ["name", "scopes", "expires_in_days"],
    "properties": {
        "name": {"type": "string", "maxLength": 64},
        "scopes": {"type": "array", "items": {"type": "string", "enum": list(tokens.SCOPES)}},
        "expires_in_days": {"type": "integer", "enum": list(tokens.EXPIRY_DAYS)},
    },
}


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
@document("/tokens", "get", "Your personal API tokens that still work", auth=True)
def list_personal_tokens():
    return jsonify({"tokens": [_token_json(t) for t in tokens.list_tokens(require_user())]})


@bp.post("/tokens")
@document(
    "/tokens",
    "post",
    "Create a personal token (its scopes never exceed the calling token's); the value is shown once",
    body=NEW_TOKEN,
    auth=True,
    responses={"201": {"description": "The token, with its value"}},
)
def create_personal_token():
    user = require_user()
    data = json_body()
    scopes, days = data.get("scopes"), data.get("expires_in_days")
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise ValidationError(fields={"scopes": _l("Must be a list of strings.")})
    if not isinstance(days, int) or isinstance(days, bool):
        raise ValidationError(fields={"expires_in_days": _l("Must be an integer.")})
    calling = request.environ.get("kith.api_token")
    within = tokens.scopes_of(calling) if calling is not None else None
    name = string_field(data, "name", max_length=64)
    plain, row = tokens.create_token(user, name=name, scopes=scopes, days=days, within=within)
    return jsonify({**_token_json(row), "token": plain, "token_type": "Bearer"}), 201


@bp.delete("/tokens/<int:token_id>")
@document("/tokens/{token_id}", "delete", "Revoke one of your tokens", auth=True)
def revoke_personal_token(token_id: int):
    tokens.revoke_token(require_user(), token_id)
    return "", 204
