"""Enforce API token scopes for every /api/v1 call, in one place.

Method decides read or write; the other scopes cap the user's role permissions for the request
(`permissions.limit_for_request`), so each domain's own checks refuse what the token may not do.
"""

from datetime import timedelta

from flask import request
from flask_babel import gettext as _

from app.auth import _load_bearer_user as load_bearer_user
from app.channels import tokens
from app.core.errors import Forbidden
from app.core.permissions import limit_for_request
from app.core.timeutil import utcnow
from app.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOUCH_EVERY = timedelta(minutes=1)


def required_scope(method: str) -> str:
    """The scope a call with this HTTP method needs before any role permission is checked."""
    return tokens.READ if method.upper() in SAFE_METHODS else tokens.WRITE


def enforce() -> None:
    """before_request: refuse calls the bearer token's scopes do not cover; cap its permissions."""
    if not request.path.startswith("/api/") or not request.headers.get("Authorization"):
        return
    load_bearer_user(request)  # records the token row in the environ (the login loader reuses it)
    row = request.environ.get("kith.api_token")
    if row is None:
        return
    granted = tokens.scopes_of(row)
    needed = required_scope(request.method)
    if needed not in granted:
        raise Forbidden(_("This token lacks the %(scope)s scope.", scope=needed), code="insufficient_scope")
    withheld = frozenset().union(*(perms for scope, perms in tokens.SCOPE_PERMS.items() if scope not in granted))
    limit_for_request(row.user, withheld, staff=bool(granted & tokens.STAFF_SCOPES))
    _touch(row)


def _touch(row) -> None:
    """Record the last use (at most once a minute per token, to spare the database)."""
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        row.last_used_at = now
        db.session.commit()
