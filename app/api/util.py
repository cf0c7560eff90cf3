"""Shared API helpers: the caller, serializers, idempotency keys."""

from flask import request
from flask_login import current_user

from app.core.errors import Unauthorized
from app.qa.idempotency import _KEY_RE as KEY_RE


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


def idempotency_key(data=None):
    """The Idempotency-Key header, else an `idempotency_key` body field."""
    return request.headers.get("Idempotency-Key") or getattr(data, "idempotency_key", None)


IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": KEY_RE.pattern},
    "description": "Repeat a request with the same key and the first result comes back; nothing new is created.",
}
