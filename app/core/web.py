"""Shared web helpers: error pages (HTML or JSON as the request prefers), form errors, rate limits, URLs."""

import logging
from collections.abc import Callable

from flask import Flask, current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError

from app.core.errors import DomainError
from app.extensions import db

log = logging.getLogger(__name__)


def form_error(form, exc: DomainError) -> None:
    """Show a domain error on the form: on its fields when named, else above the form."""
    for name, message in exc.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
    if not exc.fields:
        form.form_errors.append(exc.message)


def config_limit(name: str) -> Callable[[], str]:
    """A rate-limit getter reading config `name` per request (tests and deployments change it)."""

    def limit() -> str:
        return current_app.config[name]

    limit.__name__ = f"limit_{name.lower()}"
    return limit


# Creating content (posts, replies, flags, escalations) shares one limit.
post_limit = config_limit("QA_POST_RATE_LIMIT")


def url_if_routed(endpoint: str, default: str = "", **values) -> str:
    """The URL of `endpoint`, or `default` when this build has no such page."""
    if endpoint not in current_app.view_functions:
        return default
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return default


def wants_json() -> bool:
    """Tell whether the caller expects JSON (the API, or an Accept header preferring it)."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    """Render one error as JSON or as an HTML page."""
    if wants_json():
        body = {"error": {"code": code, "message": str(message), "fields": _stringify(fields or {})}}
        return jsonify(body), status
    title = _translated_title(status)
    return render_template("error.html", status=status, title=title, message=message), status


def _stringify(fields: dict) -> dict:
    return {
        key: [str(m) for m in value] if isinstance(value, list | tuple) else str(value) for key, value in fields.items()
    }


def _translated_title(status: int) -> str:
    titles = {
        400: _("Bad request"),
        401: _("Please sign in"),
        403: _("Forbidden"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Too large"),
        429: _("Too many requests"),
        500: _("Something went wrong"),
    }
    return titles.get(status, _("Error"))


def _http_message(exc: HTTPException) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You do not have permission to do that."),
        404: _("We could not find that page."),
        405: _("That method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests. Please wait a moment and try again."),
    }
    return messages.get(exc.code, _("The request could not be processed."))


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError):
        return error_response(400, "csrf", _("The form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        body, status = error_response(exc.code or 500, code, _http_message(exc))
        response = make_response(body, status)
        for name, value in exc.get_headers():  # e.g. Allow on 405, Retry-After on 429
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if app.testing and not app.config.get("TESTING_RENDER_500"):
            raise exc
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()  # a failed flush leaves the session unusable for the error page itself
        return error_response(500, "server_error", _("Something went wrong on our side. Please try again."))
