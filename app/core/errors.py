"""Domain exceptions. Services raise them; web and API layers map them to 4xx answers."""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """Base class: a message a person can read, a machine code and an HTTP status."""

    status = 400
    code = "bad_request"
    default_message = _l("The request could not be processed.")

    def __init__(self, message=None, *, fields: dict | None = None, code: str | None = None):
        super().__init__(str(message or self.default_message))
        self.message = message or self.default_message
        self.fields = fields or {}
        if code:
            self.code = code


class ValidationError(DomainError):
    status = 400
    code = "invalid"
    default_message = _l("Some fields are not valid.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _l("Not found.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _l("You do not have permission to do that.")


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    default_message = _l("Please sign in first.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _l("That conflicts with the current state.")


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = _l("Too many requests. Please wait a moment and try again.")
