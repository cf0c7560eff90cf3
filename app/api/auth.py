"""Tokens, the current user, self-registration."""

from typing import Annotated

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field

from app.api import bp
from app.api.schema import Body, operation
from app.api.util import require_user, user_json
from app.auth import limits, services
from app.auth.services import DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, USERNAME_RE
from app.core.errors import Forbidden
from app.extensions import limiter

EMAIL_MAX = 254


class Credentials(Body):
    email: Annotated[str, Field(min_length=1, max_length=EMAIL_MAX, description="email or username")]
    password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]


class Token(BaseModel):
    token: str
    token_type: str
    expires_at: str


class Registration(Body):
    email: Annotated[str, Field(max_length=EMAIL_MAX, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    username: Annotated[str, Field(pattern=USERNAME_RE.pattern)]
    password: Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]
    display_name: Annotated[str, Field(max_length=DISPLAY_NAME_MAX)] = None


@bp.post("/auth/tokens")
@limits.login_per_account
@limits.login_per_address
@operation("Exchange email and password for a bearer token", body=Credentials, response=Token, status=201)
def create_token(body: Credentials):
    user = services.authenticate(body.email, body.password)
    token, row = services.issue_api_token(user)
    return jsonify({"token": token, "token_type": "Bearer", "expires_at": row.expires_at.isoformat()}), 201


@bp.get("/me")
@operation("The current user", auth=True)
def me():
    return jsonify(user_json(require_user(), private=True))


@bp.post("/users")
@limiter.limit("20 per hour", key_func=limits.address_key)
@operation("Register a new account", body=Registration, status=201, errors=(403, 409))
def register(body: Registration):
    if not current_app.config["REGISTRATION_OPEN"]:
        raise Forbidden(_l("Registration is closed."), code="registration_closed")
    user = services.register_user(
        email=body.email, username=body.username, password=body.password, display_name=body.display_name
    )
    return jsonify(user_json(user, private=True)), 201
