"""Rate-limit keys: per account (whichever spelling of it was sent) and per client address."""

from flask import current_app, request
from flask_limiter.util import get_remote_address
from sqlalchemy import func, or_, select

from app.auth.models import User
from app.extensions import db, limiter


def _submitted(field_names: tuple[str, ...]) -> str:
    data = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(data, dict) and not hasattr(data, "get"):
        return ""
    for name in field_names:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()[:254]
    return ""


def _account_id(login: str) -> int | None:
    """The id of the account `login` names (email or username, any case), if there is one."""
    query = select(User.id).where(or_(func.lower(User.email) == login, func.lower(User.username) == login))
    return db.session.execute(query.limit(1)).scalar()


def account_key() -> str:
    """One counter per account, whether it is named by email or username, on the web or the API."""
    login = _submitted(("login", "email"))
    if not login:
        return "account:" + get_remote_address()
    account_id = _account_id(login)
    return f"account:id:{account_id}" if account_id else "account:" + login


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


# Shared by the web sign-in form and the API's token exchange: one budget per account and address.
login_per_account = limiter.shared_limit(login_limit, scope="login-account", key_func=account_key, methods=["POST"])
login_per_address = limiter.shared_limit(
    login_address_limit, scope="login-address", key_func=address_key, methods=["POST"]
)
