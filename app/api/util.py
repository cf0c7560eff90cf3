"""Shared API helpers: JSON input, field checks, serializers, the OpenAPI registry."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.errors import Unauthorized, ValidationError

OPENAPI_PATHS: dict[str, dict] = {}
OPENAPI_SCHEMAS: dict[str, dict] = {}


def document(
    path: str,
    method: str,
    summary: str,
    *,
    body: dict | None = None,
    auth: bool = False,
    responses: dict | None = None,
    params: list | None = None,
):
    """Register an operation in the OpenAPI document (used as a decorator beside the route)."""

    def decorator(view):
        op = {
            "summary": summary,
            "operationId": view.__name__,
            "responses": responses or {"200": {"description": "OK"}},
        }
        if body:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
        if auth:
            op["security"] = [{"bearerAuth": []}]
            op["responses"].setdefault("401", {"$ref": "#/components/responses/Error"})
        if params:
            op["parameters"] = params
        op["responses"].setdefault("4XX", {"$ref": "#/components/responses/Error"})
        OPENAPI_PATHS.setdefault(path, {})[method.lower()] = op
        return view

    return decorator


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what is wrong."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError(_l("Send a JSON object with Content-Type: application/json."), code="invalid_json")
    return data


def string_field(data: dict, name: str, *, required: bool = True, max_length: int | None = None) -> str | None:
    """Read a string field, with clear errors for missing, wrongly typed or over-long values."""
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(fields={name: _l("This field is required.")})
        return None
    if not isinstance(value, str):
        raise ValidationError(fields={name: _l("Must be a string.")})
    if max_length and len(value) > max_length:
        raise ValidationError(fields={name: _l("Must be at most %(n)s characters.", n=max_length)})
    return value


def int_arg(name: str, default: int, *, minimum: int = 1, maximum: int = 10_000) -> int:
    """Read an integer query argument in a range, or raise a 400 naming it."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(fields={name: _l("Must be a whole number.")}) from None
    if not minimum <= value <= maximum:
        raise ValidationError(fields={name: _l("Must be between %(lo)s and %(hi)s.", lo=minimum, hi=maximum)})
    return value


def require_user():
    """The authenticated caller (bearer token or session), else 401."""
    if not current_user.is_authenticated:
        raise Unauthorized()
    return current_user._get_current_object()


def user_json(user, *, private: bool = False) -> dict:
    data = {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "organization": {"id": user.organization.id, "name": user.organization.name, "tier": user.organization.tier}
        if user.organization
        else None,
    }
    if private:
        data.update({"email": user.email, "locale": user.locale, "created_at": user.created_at.isoformat()})
    return data
