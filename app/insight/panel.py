"""The compact 360 panel on the agent's ticket page."""

from sqlalchemy import func, select

from app.core.permissions import is_staff
from app.extensions import db
from app.insight import customer, root_causes
from app.insight.models import FactContact, FactTicket


def ticket_panel(ticket, viewer) -> dict | None:
    """Requester and organization at a glance, plus the ticket's root cause (staff only; else None)."""
    if not is_staff(viewer):
        return None
    person = ticket.requester
    where = FactContact.user_id == person.id
    tickets = customer._tickets(FactTicket.requester_id == person.id)
    org = ticket.organization
    org_contacts = None
    if org is not None:
        org_contacts = db.session.scalar(
            select(func.count()).where(FactContact.organization_id == org.id, FactContact.is_staff.is_(False))
        )
    return {
        "person": person,
        "organization": org,
        "summary": customer._summary(where),
        "health": customer.health(where, tickets),
        "open_tickets": len(tickets["open"]),
        "ratings": tickets["ratings"][:5],
        "org_contacts": org_contacts,
        "root_cause": root_causes.assigned("ticket", ticket.id),
        "root_causes": root_causes.all_root_causes(active_only=True),
        "label": root_causes.label,
    }
