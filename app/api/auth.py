"""Tokens, the current user, self-registration."""

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.util import document, json_body, require_user, string_field, user_json
from app.auth import limits, services
from app.core.errors import Forbidden
from app.extensions import limiter

CREDENTIALS = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {"email": {"type": "string"}, "password": {"type": "string"}},
}
REGISTRATION = {
    "type": "object",
    "required": ["email", "username", "password"],
    "properties": {
        "email": {"type": "string", "maxLength": 254},
        "username": {"type": "string", "minLength": 2, "maxLength": 32},
        "password": {"type": "string", "minLength": 8, "maxLength": 128},
        "display_name": {"type": "string", "maxLength": 64},
    },
}


@bp.post("/auth/tokens")
@limits.login_per_account
@limits.login_per_address
@document(
    "/auth/tokens",
    "post",
    "Exchange email and password for a bearer token",
    body=CREDENTIALS,
    responses={"201": {"description": "A new token"}},
)
def create_token():
    data = json_body()
    login = string_field(data, "email", max_length=254)
    password = string_field(data, "password", max_length=128)
    user = services.authenticate(login, password)
    token, row = services.issue_api_token(user)
    return jsonify({"token": token, "token_type": "Bearer", "expires_at": row.expires_at.isoformat()}), 201


@bp.get("/me")
@document("/me", "get", "The current user", auth=True)
def me():
    return jsonify(user_json(require_user(), private=True))


@bp.post("/users")
@limiter.limit("20 per hour", key_func=limits.address_key)
@document(
    "/users",
    "post",
    "Register a new account",
    body=REGISTRATION,
    responses={"201": {"description": "Created"}, "409": {"$ref": "#/components/responses/Error"}},
)
def register():
    if not current_app.config["REGISTRATION_OPEN"]:
        raise Forbidden(_l("Registration is closed."), code="registration_closed")
    data = json_body()
    user = services.register_user(
        email=string_field(data, "email", max_length=254),
        username=string_field(data, "username", max_length=32),
        password=string_field(data, "password", max_length=128),
        display_name=string_field(data, "display_name", required=False, max_length=64),
    )
    return jsonify(user_json(user, private=True)), 201
