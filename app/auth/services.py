"""Accounts: registration, sign-in, passwords, reset tokens, API tokens, organizations."""

import hashlib
import re
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import ApiToken, Organization, OrganizationDomain, PasswordResetToken, Tier, User
from app.core import events
from app.core.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationError
from app.core.permissions import Role
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.mail.services import queue_email

USERNAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{1,31}$")
PASSWORD_MIN, PASSWORD_MAX = 8, 128
DISPLAY_NAME_MAX = 64
# Verifying a dummy hash keeps "unknown email" as slow as "wrong password".
_DUMMY_HASH = generate_password_hash("not-a-real-password-kith")


def _hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(value) -> str:
    """Validate and normalise an email address (lower-case)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(fields={"email": _l("Enter your email address.")})
    if len(value) > 254:
        raise ValidationError(fields={"email": _l("The email address is too long.")})
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(fields={"email": _l("Enter a valid email address.")}) from None
    return result.normalized.lower()


def _check_username(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(fields={"username": _l("Choose a username.")})
    value = value.strip()
    if not USERNAME_RE.match(value):
        raise ValidationError(fields={"username": _l("Use 2 to 32 letters, digits, dots, dashes or underscores.")})
    return value


def check_password(value, field: str = "password") -> str:
    """Validate a new password's type and length."""
    if not isinstance(value, str) or not value:
        raise ValidationError(fields={field: _l("Enter a password.")})
    if len(value) < PASSWORD_MIN:
        raise ValidationError(fields={field: _l("Use at least 8 characters.")})
    if len(value) > PASSWORD_MAX:
        raise ValidationError(fields={field: _l("Use at most 128 characters.")})
    return value


def _check_display_name(value, fallback: str) -> str:
    from app.core.sanitize import clean_plain_text

    if value is None or (isinstance(value, str) and not value.strip()):
        return fallback
    if not isinstance(value, str):
        raise ValidationError(fields={"display_name": _l("Enter a name.")})
    cleaned = clean_plain_text(value)
    if len(cleaned) > DISPLAY_NAME_MAX:
        raise ValidationError(fields={"display_name": _l("Use at most 64 characters.")})
    return cleaned or fallback


def _check_role(value) -> str:
    try:
        return Role(value).value
    except ValueError:
        raise ValidationError(fields={"role": _l("Unknown role.")}) from None


def find_user_by_login(login: str) -> User | None:
    """Find a user by email or username (case-insensitive)."""
    login = (login or "").strip().lower()
    if not login:
        return None
    return db.session.scalar(
        select(User).where((func.lower(User.email) == login) | (func.lower(User.username) == login))
    )


def get_user(user_id) -> User:
    """A user by id, or NotFound."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        user = None
    if user is None:
        raise NotFound(_l("User not found."))
    return user


@transactional
def register_user(
    *,
    email,
    username,
    password,
    display_name=None,
    role: str = Role.CUSTOMER.value,
    organization: Organization | None = None,
    locale: str | None = None,
    actor: User | None = None,
) -> User:
    """Create an account; duplicate email or username is a Conflict."""
    email = normalize_email(email)
    username = _check_username(username)
    password = check_password(password)
    name = _check_display_name(display_name, username)
    role = _check_role(role)
    _ensure_unique(email, username)
    if organization is None and role == Role.CUSTOMER.value:
        organization = organization_for_email(email)
    user = User(
        email=email,
        username=username,
        display_name=name,
        password_hash=_hash_password(password),
        role=role,
        organization=organization,
        locale=locale,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # the failed flush dooms the whole action; the error's text needs the session
        raise Conflict(_l("That email or username is already taken.")) from None
    events.record(
        "user.registered",
        actor=actor or user,
        subject_type="user",
        subject_id=user.id,
        audience=events.STAFF,
        payload={"organization_id": user.organization_id, "role": role},
    )
    return user


def organization_for_email(email: str) -> Organization | None:
    """The organization that claims this address's email domain, if any."""
    domain = email.rpartition("@")[2].lower()
    row = db.session.get(OrganizationDomain, domain) if domain else None
    return row.organization if row else None


def _ensure_unique(email: str, username: str) -> None:
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise Conflict(fields={"email": _l("An account with this email already exists.")})
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise Conflict(fields={"username": _l("This username is taken.")})


@transactional
def authenticate(login, password) -> User:
    """Return the user for these credentials; the same error for unknown login and wrong password."""
    if not isinstance(login, str) or not isinstance(password, str) or not login.strip() or not password:
        raise ValidationError(_l("Enter your email and password."))
    user = find_user_by_login(login)
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password[:PASSWORD_MAX])
    if not user or not valid:
        raise Unauthorized(_l("The email or password is not correct."), code="invalid_credentials")
    if user.is_suspended:
        raise Forbidden(_l("This account is suspended."), code="suspended")
    user.last_seen_at = utcnow()
    events.record("user.logged_in", actor=user, subject_type="user", subject_id=user.id, audience=events.STAFF)
    return user


@transactional
def end_all_sessions(user: User) -> None:
    """Sign the user out everywhere: older sessions no longer match."""
    user.session_version = (user.session_version or 1) + 1
    events.record("user.logged_out", actor=user, subject_type="user", subject_id=user.id, audience=events.STAFF)


@transactional
def change_password(user: User, current, new) -> None:
    """Change a password after checking the current one; ends every other session and token."""
    if not isinstance(current, str) or not check_password_hash(user.password_hash, current[:PASSWORD_MAX]):
        raise ValidationError(fields={"current_password": _l("The current password is not correct.")})
    _set_password(user, check_password(new, "new_password"))
    events.record("user.password_changed", actor=user, subject_type="user", subject_id=user.id, audience=events.STAFF)


def _set_password(user: User, password: str) -> None:
    user.password_hash = _hash_password(password)
    user.session_version = (user.session_version or 1) + 1
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = utcnow()


@transactional
def request_password_reset(email) -> None:
    """Mail a single-use reset link if the address belongs to an account; silent otherwise."""
    address = normalize_email(email)
    user = db.session.scalar(select(User).where(func.lower(User.email) == address))
    if user is None or user.is_suspended:
        return
    token = secrets.token_urlsafe(32)
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    db.session.add(
        PasswordResetToken(
            user_id=user.id, token_hash=_hash_token(token), expires_at=utcnow() + timedelta(seconds=max_age)
        )
    )
    link = f"{current_app.config['SITE_URL'].rstrip('/')}/auth/reset/{token}"
    queue_email(
        to=user.email,
        kind="password_reset",
        template="password_reset",
        locale=user.locale,
        user=user,
        link=link,
        minutes=max_age // 60,
    )
    events.record(
        "user.password_reset_requested", actor=user, subject_type="user", subject_id=user.id, audience=events.STAFF
    )


def _valid_reset_token(token: str) -> PasswordResetToken:
    row = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == _hash_token(token or "")))
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        raise NotFound(_l("This reset link is invalid or has expired. Please ask for a new one."), code="invalid_token")
    return row


def check_reset_token(token: str) -> None:
    """Raise NotFound unless `token` is an unused, unexpired reset token."""
    _valid_reset_token(token)


@transactional
def reset_password(token: str, new_password) -> User:
    """Set a new password with a reset token; the token works once."""
    row = _valid_reset_token(token)
    password = check_password(new_password)
    row.used_at = utcnow()
    _set_password(row.user, password)
    events.record(
        "user.password_reset", actor=row.user, subject_type="user", subject_id=row.user_id, audience=events.STAFF
    )
    return row.user


@transactional
def issue_api_token(user: User, *, name=None, scopes=None, days=None) -> tuple[str, ApiToken]:
    """Create a bearer token; the plain value is returned once and only its hash is stored.

    Without `scopes` the token carries the user's full rights (what sign-in tokens always had).
    """
    plain = "kith_" + secrets.token_urlsafe(32)
    days = days or current_app.config["API_TOKEN_MAX_AGE_DAYS"]
    row = ApiToken(
        user_id=user.id,
        token_hash=_hash_token(plain),
        expires_at=utcnow() + timedelta(days=days),
        name=name,
        scopes=None if scopes is None else sorted(scopes),
    )
    db.session.add(row)
    events.record("user.token_issued", actor=user, subject_type="user", subject_id=user.id, audience=events.STAFF)
    return plain, row


def user_for_token(plain: str) -> User | None:
    """The active user behind a bearer token, or None."""
    row = token_for_bearer(plain)
    return row.user if row else None


def token_for_bearer(plain: str) -> ApiToken | None:
    """The live token row for a bearer value (not revoked, not expired, its user not suspended)."""
    if not plain:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(plain)))
    if row is None or row.revoked_at is not None or row.expires_at < utcnow() or row.user.is_suspended:
        return None
    return row


def load_session_user(session_id: str) -> User | None:
    """Resolve a Flask-Login id `<user id>:<session version>`; stale versions fail."""
    user_id, _, version = (session_id or "").partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or user.is_suspended:
        return None
    return user


@transactional
def set_locale(user: User, locale: str | None) -> None:
    """Store the user's interface language (None follows the browser)."""
    user.locale = locale


def get_or_create_organization(name: str, tier: str = Tier.STANDARD.value) -> Organization:
    """Find an organization by name or create it with `tier`."""
    if tier not in {t.value for t in Tier}:
        raise ValidationError(fields={"tier": _l("Unknown tier.")})
    org = db.session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name, tier=tier)
        db.session.add(org)
        db.session.flush()
    return org
