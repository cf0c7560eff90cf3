"""Accounts, sessions, roles and organizations."""

from flask import Flask, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from app.extensions import login_manager


def init_app(app: Flask) -> None:
    from app.auth import cli, routes, services

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.users_cli)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.user_loader(services.load_session_user)
    login_manager.request_loader(_load_bearer_user)
    login_manager.unauthorized_handler(_unauthorized)


def _load_bearer_user(req):
    """API clients authenticate with `Authorization: Bearer <token>`."""
    from app.auth import services

    if not req.path.startswith("/api/"):
        return None
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    if "kith.api_token" not in req.environ:  # looked up once per request; scopes: app/channels/scopes.py
        req.environ["kith.api_token"] = services.token_for_bearer(token.strip())
    row = req.environ["kith.api_token"]
    return row.user if row else None


def _unauthorized():
    from app.core.errors import Unauthorized
    from app.core.security import safe_next
    from app.core.web import wants_json

    if wants_json():
        raise Unauthorized()
    flash(login_manager.login_message, "warning")
    return redirect(url_for("auth.login", next=safe_next(request.full_path)))
