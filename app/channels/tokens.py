"""Personal API tokens with scopes: created, listed and revoked by their owner."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth import services as auth_services
from app.auth.models import ApiToken
from app.core import events
from app.core.errors import NotFound, Unauthorized, ValidationError
from app.core.permissions import ROLE_PERMS, Perm, Role
from app.core.timeutil import utcnow
from app.extensions import db

READ, WRITE, MODERATE, ADMIN, INSIGHT = "read", "write", "moderate", "admin", "insight"
SCOPES = (READ, WRITE, MODERATE, ADMIN, INSIGHT)
# The role permissions each scope lets a token use; `read` lets it make safe (GET) calls.
SCOPE_PERMS: dict[str, frozenset[Perm]] = {
    READ: frozenset(),
    WRITE: frozenset({Perm.POST}),
    MODERATE: frozenset({Perm.MODERATE, Perm.WORK_TICKETS, Perm.MANAGE_KB, Perm.MANAGE_IDEAS}),
    ADMIN: frozenset({Perm.ADMIN, Perm.VIEW_OUTBOX}),
    INSIGHT: frozenset({Perm.VIEW_INSIGHT}),
}
STAFF_SCOPES = frozenset({MODERATE, ADMIN, INSIGHT})
EXPIRY_DAYS = (7, 30, 90, 365)
MAX_TOKENS = 50


def scopes_of(row: ApiToken) -> frozenset[str]:
    """A token's scopes; older and sign-in tokens (no scopes stored) carry every scope."""
    return frozenset(SCOPES) if row.scopes is None else frozenset(row.scopes)


def offered_scopes(user) -> list[str]:
    """The scopes this user's role can use (a customer has no moderate or admin to hand out)."""
    perms = ROLE_PERMS.get(Role(user.role), frozenset())
    return [s for s in SCOPES if s in {READ, WRITE} or SCOPE_PERMS[s] & perms]


def _require_user(actor) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise Unauthorized()


def create_token(actor, *, name: str, scopes, days: int, within: frozenset[str] | None = None):
    """Issue a named token with `scopes` (never beyond `within`, the calling token's own)."""
    _require_user(actor)
    name = (name or "").strip()
    wanted = set(scopes or ())
    errors = {}
    if not name or len(name) > 64:
        errors["name"] = _l("Give the token a name of at most 64 characters.")
    allowed = set(offered_scopes(actor)) & (within if within is not None else set(SCOPES))
    if not wanted or not wanted <= allowed:
        errors["scopes"] = _l("Choose scopes from: %(scopes)s.", scopes=", ".join(sorted(allowed)))
    if days not in EXPIRY_DAYS:
        errors["days"] = _l("Choose an expiry from the list.")
    if len(list_tokens(actor)) >= MAX_TOKENS:
        errors["name"] = _l("You have too many tokens; revoke one first.")
    if errors:
        raise ValidationError(fields=errors)
    plain, row = auth_services.issue_api_token(actor, name=name, scopes=wanted | {READ}, days=days)
    return plain, row


def list_tokens(actor) -> list[ApiToken]:
    """The actor's personal tokens that still work, newest first."""
    _require_user(actor)
    stmt = (
        select(ApiToken)
        .where(
            ApiToken.user_id == actor.id,
            ApiToken.name.is_not(None),
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > utcnow(),
        )
        .order_by(ApiToken.id.desc())
    )
    return list(db.session.scalars(stmt))


def revoke_token(actor, token_id: int) -> None:
    """Revoke one of the actor's own tokens (another person's is not found)."""
    _require_user(actor)
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != actor.id or row.revoked_at is not None:
        raise NotFound()
    row.revoked_at = utcnow()
    events.record("user.token_revoked", actor=actor, subject_type="user", subject_id=actor.id, audience=events.STAFF)
    db.session.commit()
