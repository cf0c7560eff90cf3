"""People administration: find users, change their role or organization, suspend them (admins)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from app.auth.models import Organization, User
from app.auth.services import get_user
from app.core import events
from app.core.errors import Conflict, ValidationError
from app.core.permissions import Perm, Role, require
from app.extensions import db

STATUSES = ("active", "suspended")
PER_PAGE = 50


def _check_choice(field: str, value, choices) -> str | None:
    if value in (None, ""):
        return None
    if value not in choices:
        raise ValidationError(fields={field: _l("Use one of: %(choices)s.", choices=", ".join(choices))})
    return value


def search_users(actor, *, q=None, role=None, organization=None, tier=None, status=None, page=1):
    """A page of users matching the filters (admins)."""
    require(actor, Perm.ADMIN)
    role = _check_choice("role", role, [r.value for r in Role])
    tier = _check_choice("tier", tier, ["standard", "gold", "platinum"])
    status = _check_choice("status", status, STATUSES)
    stmt = select(User).outerjoin(Organization, Organization.id == User.organization_id).order_by(User.id)
    if q and str(q).strip():
        like = "%" + str(q).strip().lower()[:100].replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(
            or_(
                func.lower(User.email).like(like),
                func.lower(User.username).like(like),
                func.lower(User.display_name).like(like),
            )
        )
    if role:
        stmt = stmt.where(User.role == role)
    if organization not in (None, ""):
        if not str(organization).isdigit():
            raise ValidationError(fields={"organization": _l("There is no such organization.")})
        stmt = stmt.where(User.organization_id == int(organization))
    if tier == "standard":
        stmt = stmt.where(or_(Organization.tier == tier, User.organization_id.is_(None)))
    elif tier:
        stmt = stmt.where(Organization.tier == tier)
    if status:
        stmt = stmt.where(User.is_suspended.is_(status == "suspended"))
    return db.paginate(stmt, page=max(int(page or 1), 1), per_page=PER_PAGE, error_out=False)


def _record(kind: str, actor, user: User, **payload) -> None:
    events.record(kind, actor=actor, subject_type="user", subject_id=user.id, audience=events.STAFF,
                  payload={"user_id": user.id, **payload})  # fmt: skip


def change_role(actor, user_id, role) -> User:
    """Give a user another role; admins cannot demote themselves (someone must stay admin)."""
    require(actor, Perm.ADMIN)
    user = get_user(user_id)
    try:
        role = Role(role).value
    except ValueError:
        raise ValidationError(fields={"role": _l("Unknown role.")}) from None
    if user.id == actor.id and role != Role.ADMIN.value:
        raise Conflict(_l("You cannot take the admin role from yourself."), code="self_demotion")
    if role == user.role:
        return user
    before, user.role = user.role, role
    user.session_version = (user.session_version or 1) + 1  # new permissions take effect at once
    _record("user.role_changed", actor, user, before=before, after=role)
    db.session.commit()
    return user


def set_suspended(actor, user_id, suspended: bool) -> User:
    """Suspend or reinstate an account (admins; never their own)."""
    require(actor, Perm.ADMIN)
    user = get_user(user_id)
    if user.id == actor.id:
        raise Conflict(_l("You cannot suspend your own account."), code="self_suspension")
    if bool(user.is_suspended) == bool(suspended):
        return user
    user.is_suspended = bool(suspended)
    if suspended:
        user.session_version = (user.session_version or 1) + 1  # sign them out everywhere
    _record("user.suspended" if suspended else "user.unsuspended", actor, user, by="admin")
    db.session.commit()
    return user


def set_organization(actor, user_id, organization_id) -> User:
    """Move a user into an organization, or out of any (None)."""
    require(actor, Perm.ADMIN)
    user = get_user(user_id)
    org = None
    if organization_id not in (None, ""):
        org = db.session.get(Organization, int(organization_id)) if str(organization_id).isdigit() else None
        if org is None:
            raise ValidationError(fields={"organization": _l("There is no such organization.")})
    new_id = org.id if org else None
    if new_id == user.organization_id:
        return user
    before, user.organization = user.organization_id, org
    db.session.flush()
    _record("user.organization_changed", actor, user, before=before, organization_id=new_id)
    db.session.commit()
    return user
