"""Error pages that answer HTML or JSON as the request prefers."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.core.errors import DomainError

log = logging.getLogger(__name__)


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
        allow = getattr(exc, "valid_methods", None)
        return body, status, {"Allow": ", ".join(allow)} if allow else {}  # RFC 9110: a 405 names the methods

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if app.testing and not app.config.get("TESTING_RENDER_500"):
            raise exc
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "server_error", _("Something went wrong on our side. Please try again."))
