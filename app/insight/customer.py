"""The customer 360: one timeline of every contact, and a header of who they are and how they fare."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.auth.models import Organization, User
from app.core.errors import NotFound, ValidationError
from app.core.timeutil import utcnow
from app.extensions import db
from app.insight import access, labels
from app.insight.models import FactContact, FactIdeaVote, FactTicket

TIMELINE_LIMIT = 200
MAX_PERIOD_DAYS = 3 * 366
OPEN_STATUSES = ("new", "open", "pending_customer", "on_hold")

HEALTH_FORMULA = _l(
    "Health = 40 × activity + 30 × satisfaction + 30 × service, from 0 to 100. "
    "Activity: days with a contact in the last 30 days ÷ 10 (at most 1). "
    "Satisfaction: (average rating of the last 90 days − 1) ÷ 4, or 0.5 without ratings. "
    "Service: share of open tickets within their SLA (1 without open tickets)."
)


@dataclass
class TimelineFilters:
    kinds: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    before: int | None = None  # page back: contacts older than this event id
    limit: int = TIMELINE_LIMIT

    def as_args(self) -> dict:
        args = {"kind": self.kinds} if self.kinds else {}
        if self.start:
            args["from"] = self.start.isoformat()
        if self.end:
            args["to"] = self.end.isoformat()
        return args


def parse_day(value, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(fields={name: _l("Use a date such as 2026-01-31.")}) from None


def parse_timeline_filters(args) -> TimelineFilters:
    """Read `kind` (repeatable), `from` and `to` from query arguments."""
    kinds = [k for k in (args.getlist("kind") if hasattr(args, "getlist") else args.get("kind") or []) if k]
    unknown = [k for k in kinds if k not in labels.CONTACT_LABELS]
    if unknown:
        raise ValidationError(fields={"kind": _l("Unknown kind: %(kind)s.", kind=unknown[0])})
    filters = TimelineFilters(
        kinds=kinds, start=parse_day(args.get("from"), "from"), end=parse_day(args.get("to"), "to")
    )
    if filters.start and filters.end and filters.start > filters.end:
        raise ValidationError(fields={"to": _l("The end comes before the start.")})
    return filters


def _timeline(where, filters: TimelineFilters) -> list[FactContact]:
    stmt = select(FactContact).where(where)
    if filters.before:
        stmt = stmt.where(FactContact.event_id < filters.before)
    if filters.kinds:
        stmt = stmt.where(FactContact.kind.in_(filters.kinds))
    if filters.start:
        stmt = stmt.where(FactContact.day >= filters.start)
    if filters.end:
        stmt = stmt.where(FactContact.day <= filters.end)
    return list(db.session.scalars(stmt.order_by(FactContact.event_id.desc()).limit(filters.limit)))


def _summary(where) -> dict:
    """First and last contact and contacts per kind (visits and staff replies are not contacts)."""
    customer = where & FactContact.is_staff.is_(False) & (FactContact.kind != "visit")
    first, last, total = db.session.execute(
        select(func.min(FactContact.occurred_at), func.max(FactContact.occurred_at), func.count()).where(customer)
    ).one()
    kinds = dict(
        db.session.execute(select(FactContact.kind, func.count()).where(customer).group_by(FactContact.kind)).all()
    )
    return {"first_contact": first, "last_contact": last, "contacts": total, "by_kind": kinds}


def person_360(actor, user_id, filters: TimelineFilters) -> dict:
    """Everything about one person (staff, or the partner manager of their organization)."""
    person = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if person is None:
        raise NotFound(_l("User not found."))
    access.require_person(actor, person)
    where = FactContact.user_id == person.id
    tickets = _tickets(FactTicket.requester_id == person.id)
    return {
        "person": person,
        "organization": person.organization,
        "tier": person.tier,
        "summary": _summary(where),
        "timeline": labels.describe(_timeline(where, filters)),
        "tickets": tickets,
        "ideas": _ideas_backed([person.id]),
        "health": health(where, tickets),
        "health_formula": str(HEALTH_FORMULA),
    }


def organization_360(actor, organization_id, filters: TimelineFilters) -> dict:
    """Everything about one organization and its members."""
    org = db.session.get(Organization, organization_id) if isinstance(organization_id, int) else None
    if org is None:
        raise NotFound(_l("There is no such organization."))
    access.require_organization(actor, org.id)
    where = FactContact.organization_id == org.id
    tickets = _tickets(FactTicket.organization_id == org.id)
    members = list(db.session.scalars(select(User).where(User.organization_id == org.id).order_by(User.display_name)))
    return {
        "organization": org,
        "tier": org.tier,
        "members": members,
        "summary": _summary(where),
        "timeline": labels.describe(_timeline(where, filters)),
        "tickets": tickets,
        "ideas": _ideas_backed([m.id for m in members]),
        "health": health(where, tickets),
        "health_formula": str(HEALTH_FORMULA),
    }


def _tickets(where) -> dict:
    """Open tickets with their SLA state, and the rating history."""
    from app.tickets import sla
    from app.tickets.models import Ticket

    facts = list(db.session.scalars(select(FactTicket).where(where).order_by(FactTicket.created_at.desc())))
    open_ids = [f.ticket_id for f in facts if f.status in OPEN_STATUSES]
    rows = (
        list(db.session.scalars(select(Ticket).where(Ticket.id.in_(open_ids)).order_by(Ticket.id))) if open_ids else []
    )
    now = utcnow()
    open_tickets = [{"ticket": t, "breached": sla.is_breaching(t, now)} for t in rows]
    ratings = [{"ticket_id": f.ticket_id, "score": f.csat, "at": f.csat_at} for f in facts if f.csat]
    return {"open": open_tickets, "ratings": ratings, "total": len(facts)}


def _ideas_backed(user_ids: list[int]) -> list[dict]:
    """Ideas these people vote for, with the idea's status now."""
    from app.ideas.models import Idea

    if not user_ids:
        return []
    stmt = (
        select(Idea, func.count(FactIdeaVote.user_id))
        .join(FactIdeaVote, FactIdeaVote.idea_id == Idea.id)
        .where(FactIdeaVote.user_id.in_(user_ids))
        .group_by(Idea.id)
        .order_by(func.count(FactIdeaVote.user_id).desc(), Idea.id.desc())
        .limit(50)
    )
    return [{"idea": idea, "voters": n} for idea, n in db.session.execute(stmt)]


def health(where, tickets: dict, now: datetime | None = None) -> dict:
    """The health score and its three parts (see HEALTH_FORMULA)."""
    now = now or utcnow()
    since = (now - timedelta(days=30)).date()
    active_days = db.session.scalar(
        select(func.count(func.distinct(FactContact.day))).where(
            where, FactContact.day > since, FactContact.is_staff.is_(False)
        )
    )
    recent = [r["score"] for r in tickets["ratings"] if r["at"] and r["at"] >= now - timedelta(days=90)]
    return score(active_days or 0, recent, len(tickets["open"]), sum(1 for t in tickets["open"] if t["breached"]))


def score(active_days: int, ratings: list[int], open_tickets: int, breached: int) -> dict:
    """Combine the parts: 40 × activity + 30 × satisfaction + 30 × service."""
    activity = min(active_days / 10, 1.0)
    satisfaction = (sum(ratings) / len(ratings) - 1) / 4 if ratings else 0.5
    service = 1 - breached / open_tickets if open_tickets else 1.0
    value = round(40 * activity + 30 * satisfaction + 30 * service)
    return {"score": value, "activity": round(activity, 2), "satisfaction": round(satisfaction, 2),
            "service": round(service, 2)}  # fmt: skip


def export_rows(view: dict) -> list[dict]:
    """The timeline as flat rows for CSV and JSON export."""
    return [
        {
            "event_id": item["contact"].event_id,
            "time": item["contact"].occurred_at.isoformat(),
            "kind": item["contact"].kind,
            "kind_label": item["label"],
            "user_id": item["contact"].user_id,
            "organization_id": item["contact"].organization_id,
            "tier": item["contact"].tier,
            "ref_type": item["contact"].ref_type,
            "ref_id": item["contact"].ref_id,
            "title": item["title"],
            "value": item["contact"].value,
        }
        for item in view["timeline"]
    ]
