"""Rate-limit keys: per account (the login or email sent) and per client address."""

from flask import current_app, request
from flask_limiter.util import get_remote_address


def _submitted(field_names: tuple[str, ...]) -> str:
    data = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(data, dict) and not hasattr(data, "get"):
        return ""
    for name in field_names:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()[:254]
    return ""


def account_key() -> str:
    return "account:" + (_submitted(("login", "email")) or get_remote_address())


def address_key() -> str:
    return "address:" + get_remote_address()


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def reset_address_limit() -> str:
    return current_app.config["RESET_ADDRESS_RATE_LIMIT"]
