"""Organizations: create, edit, tier, account manager, channel partner, email domains, merge (admins)."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.auth.models import Organization, OrganizationDomain, Tier, User
from app.core import events
from app.core.errors import Conflict, NotFound, ValidationError
from app.core.permissions import Perm, is_staff, require
from app.core.sanitize import clean_plain_text
from app.extensions import db

TIERS = tuple(t.value for t in Tier)
DOMAIN_RE = re.compile(r"^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
NAME_MAX = 120


def get_organization(organization_id) -> Organization:
    """An organization by id, or NotFound."""
    try:
        org = db.session.get(Organization, int(organization_id))
    except (TypeError, ValueError):
        org = None
    if org is None:
        raise NotFound(_l("There is no such organization."))
    return org


def list_organizations(q: str | None = None) -> list[Organization]:
    """Organizations by name (optionally those whose name contains `q`)."""
    stmt = select(Organization).order_by(Organization.name)
    if q and q.strip():
        stmt = stmt.where(func.lower(Organization.name).contains(q.strip().lower()[:100]))
    return list(db.session.scalars(stmt))


def member_counts() -> dict[int, int]:
    rows = db.session.execute(select(User.organization_id, func.count()).group_by(User.organization_id))
    return {org_id: n for org_id, n in rows if org_id}


def _check_name(value, current: Organization | None = None) -> str:
    name = clean_plain_text(value or "") if isinstance(value, str) else ""
    if not name:
        raise ValidationError(fields={"name": _l("Enter a name.")})
    if len(name) > NAME_MAX:
        raise ValidationError(fields={"name": _l("Use at most 120 characters.")})
    clash = db.session.scalar(select(Organization.id).where(func.lower(Organization.name) == name.lower()))
    if clash and (current is None or clash != current.id):
        raise Conflict(fields={"name": _l("An organization with this name already exists.")})
    return name


def _check_tier(value) -> str:
    if value not in TIERS:
        raise ValidationError(fields={"tier": _l("Use one of: %(choices)s.", choices=", ".join(TIERS))})
    return value


def _check_manager(value) -> int | None:
    if value in (None, ""):
        return None
    user = db.session.get(User, int(value)) if str(value).isdigit() else None
    if user is None or not is_staff(user):
        raise ValidationError(fields={"account_manager_id": _l("Choose a member of staff.")})
    return user.id


def _check_partner(value, org: Organization | None) -> int | None:
    if value in (None, ""):
        return None
    partner = db.session.get(Organization, int(value)) if str(value).isdigit() else None
    if partner is None:
        raise ValidationError(fields={"partner_id": _l("There is no such organization.")})
    if org is not None and (partner.id == org.id or partner.partner_id == org.id):
        raise ValidationError(fields={"partner_id": _l("An organization cannot be its own partner.")})
    return partner.id


def _record(kind: str, actor, org: Organization, **payload) -> None:
    payload = {"organization_id": org.id, "tier": org.tier, "partner_id": org.partner_id, **payload}
    events.record(kind, actor=actor, subject_type="organization", subject_id=org.id, audience=events.STAFF,
                  payload=payload)  # fmt: skip


def create_organization(actor, *, name, tier=Tier.STANDARD.value, account_manager_id=None, partner_id=None):
    """Create an organization (admins)."""
    require(actor, Perm.ADMIN)
    org = Organization(
        name=_check_name(name),
        tier=_check_tier(tier),
        account_manager_id=_check_manager(account_manager_id),
        partner_id=_check_partner(partner_id, None),
    )
    db.session.add(org)
    db.session.flush()
    _record("organization.created", actor, org, name=org.name)
    db.session.commit()
    return org


def update_organization(actor, organization_id, *, name, tier, account_manager_id=None, partner_id=None):
    """Edit an organization's name, tier, account manager and partner (admins)."""
    require(actor, Perm.ADMIN)
    org = get_organization(organization_id)
    new = {
        "name": _check_name(name, org),
        "tier": _check_tier(tier),
        "account_manager_id": _check_manager(account_manager_id),
        "partner_id": _check_partner(partner_id, org),
    }
    changes = {k: [getattr(org, k), v] for k, v in new.items() if getattr(org, k) != v}
    if not changes:
        return org
    for key, value in new.items():
        setattr(org, key, value)
    db.session.flush()
    _record("organization.updated", actor, org, changes=changes)
    db.session.commit()
    return org


def normalize_domain(value) -> str:
    domain = (value or "").strip().lower().lstrip("@") if isinstance(value, str) else ""
    if not DOMAIN_RE.match(domain):
        raise ValidationError(fields={"domain": _l("Enter a domain such as example.com.")})
    return domain


def add_domain(actor, organization_id, domain) -> OrganizationDomain:
    """Let new sign-ups with this email domain join the organization (admins)."""
    require(actor, Perm.ADMIN)
    org = get_organization(organization_id)
    domain = normalize_domain(domain)
    owner = db.session.get(OrganizationDomain, domain)
    if owner is not None:
        raise Conflict(fields={"domain": _l("This domain already belongs to %(name)s.", name=owner.organization.name)})
    row = OrganizationDomain(domain=domain, organization_id=org.id)
    db.session.add(row)
    db.session.flush()
    _record("organization.domain_added", actor, org, domain=domain)
    db.session.commit()
    return row


def remove_domain(actor, organization_id, domain) -> None:
    """Stop assigning sign-ups from `domain` to the organization (admins)."""
    require(actor, Perm.ADMIN)
    org = get_organization(organization_id)
    row = db.session.get(OrganizationDomain, (domain or "").strip().lower())
    if row is None or row.organization_id != org.id:
        raise NotFound(_l("This organization has no such domain."))
    db.session.delete(row)
    _record("organization.domain_removed", actor, org, domain=row.domain)
    db.session.commit()


def merge_organizations(actor, source_id, target_id) -> Organization:
    """Move every member, domain, ticket and partner link of `source` into `target`, then delete `source`."""
    require(actor, Perm.ADMIN)
    source, target = get_organization(source_id), get_organization(target_id)
    if source.id == target.id:
        raise ValidationError(fields={"target_id": _l("Choose another organization to merge into.")})
    moved = list(db.session.scalars(select(User.id).where(User.organization_id == source.id)))
    db.session.execute(update(User).where(User.organization_id == source.id).values(organization_id=target.id))
    db.session.execute(
        update(OrganizationDomain)
        .where(OrganizationDomain.organization_id == source.id)
        .values(organization_id=target.id)
    )
    db.session.execute(update(Organization).where(Organization.partner_id == source.id).values(partner_id=target.id))
    for table in _tables_with_organization():
        db.session.execute(table.update().where(table.c.organization_id == source.id).values(organization_id=target.id))
    _record("organization.merged", actor, target, merged_id=source.id, merged_name=source.name, moved_user_ids=moved)
    db.session.delete(source)
    db.session.commit()
    return target


def _tables_with_organization():
    """Domain tables (tickets, ...) that point at an organization; the fact tables follow the event."""
    skip = {"user", "organization_domain"}
    for table in db.metadata.sorted_tables:
        column = table.c.get("organization_id")
        if column is not None and column.foreign_keys and table.name not in skip:
            yield table
