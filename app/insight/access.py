"""Who may see the 360 pages and dashboards: staff with insight, and partner managers for their customers."""

from sqlalchemy import select

from app.auth.models import Organization
from app.core.errors import Forbidden
from app.core.permissions import Perm, Role, can, require
from app.extensions import db


def is_partner_manager(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and not user.is_suspended
        and user.role == Role.PARTNER_MANAGER.value
        and user.organization_id
    )


def partner_customer_ids(user) -> list[int]:
    """The organizations whose channel partner is `user`'s organization."""
    if not is_partner_manager(user):
        return []
    return list(db.session.scalars(select(Organization.id).where(Organization.partner_id == user.organization_id)))


def scope(user) -> list[int] | None:
    """None for staff (everything); the customer organization ids a partner manager may see; else Forbidden."""
    if can(user, Perm.VIEW_INSIGHT):
        return None
    if is_partner_manager(user):
        return partner_customer_ids(user)
    require(user, Perm.VIEW_INSIGHT)  # raises Unauthorized or Forbidden
    raise Forbidden()


def require_organization(user, organization_id: int) -> None:
    """Allow staff, and the partner manager of this organization's partner."""
    allowed = scope(user)
    if allowed is not None and organization_id not in allowed:
        raise Forbidden()


def require_person(user, person) -> None:
    """Allow staff, and a partner manager for members of its customer organizations."""
    allowed = scope(user)
    if allowed is not None and person.organization_id not in allowed:
        raise Forbidden()


def can_see_insight(user) -> bool:
    return can(user, Perm.VIEW_INSIGHT) or is_partner_manager(user)
