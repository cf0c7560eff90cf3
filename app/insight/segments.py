"""Top root causes, and organizations segmented by value tier and engagement."""

from collections import Counter, defaultdict
from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.auth.models import Organization
from app.extensions import db
from app.insight import customer, stats
from app.insight import root_causes as causes_list
from app.insight.filters import Filters, bucket
from app.insight.models import FactContact, FactIdea, FactQuestion, FactTicket, RootCauseAssignment

SILENT_DAYS = 30
TOP = 10
SEGMENT_RULES = {
    "champions": _l("Champions: gold or platinum, a health score of 70 or more, and activity not falling."),
    "at_risk": _l(
        "At risk: contacts in the last 30 days fell below half of the 30 days before, an average rating under 3 "
        "in the last 90 days, or an open ticket past its SLA."
    ),
    "silent": _l("Silent: no contact for 30 days."),
}
ROOT_CAUSE_DEFINITION = _l(
    "Tickets, questions and ideas of the period by the root cause staff gave them; share: over all tickets and "
    "questions of the period."
)


def root_causes(filters: Filters) -> dict:
    """The top root causes of the period, their share of contacts, and each one's count per period."""
    subjects = (("ticket", FactTicket, FactTicket.ticket_id, FactTicket.created_at),
                ("question", FactQuestion, FactQuestion.question_id, FactQuestion.asked_at),
                ("idea", FactIdea, FactIdea.idea_id, FactIdea.created_at))  # fmt: skip
    counts, trend, contacts = Counter(), defaultdict(Counter), 0
    for subject, model, id_column, time_column in subjects:
        plain = filters if subject != "idea" else Filters(**{**filters.__dict__, "space": None, "partner": None})
        stmt = (
            select(RootCauseAssignment.root_cause_id, time_column)
            .join(model, id_column == RootCauseAssignment.subject_id)
            .where(RootCauseAssignment.subject_type == subject, time_column >= filters.start_at,
                   time_column < filters.end_at, *stats.where(model, plain))
        )  # fmt: skip
        for cause_id, moment in db.session.execute(stmt):
            counts[cause_id] += 1
            trend[bucket(moment.date(), filters.period)][cause_id] += 1
        if subject != "idea":
            contacts += len(stats.rows(model, time_column, filters, id_column))
    causes = {c.id: c for c in causes_list.all_root_causes()}
    top = [
        {"id": cid, "name": causes_list.label(causes.get(cid)), "count": n, "share": stats.ratio(n, contacts)}
        for cid, n in counts.most_common(TOP)
    ]
    series = [{"period": p.isoformat(), **{str(cid): trend[p][cid] for cid, _ in counts.most_common(5)}}
              for p in sorted(trend)]  # fmt: skip
    return {"top": top, "series": series, "contacts": contacts, "definition": str(ROOT_CAUSE_DEFINITION)}


def segments(filters: Filters) -> dict:
    """Organizations of the filters' scope as champions, at risk and silent (as of the filters' end)."""
    end = datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=UTC)
    orgs = _organizations(filters)
    recent = _contact_counts(end - timedelta(days=30), end)
    before = _contact_counts(end - timedelta(days=60), end - timedelta(days=30))
    last = dict(db.session.execute(
        select(FactContact.organization_id, func.max(FactContact.occurred_at))
        .where(FactContact.is_staff.is_(False), FactContact.occurred_at < end).group_by(FactContact.organization_id)
    ).all())  # fmt: skip
    out = {"champions": [], "at_risk": [], "silent": []}
    for org in orgs:
        where = FactContact.organization_id == org.id
        tickets = customer._tickets(FactTicket.organization_id == org.id)
        health = customer.health(where, tickets, now=end)
        row = {"id": org.id, "name": org.name, "tier": org.tier, "health": health["score"],
               "contacts_30d": recent.get(org.id, 0), "contacts_prior_30d": before.get(org.id, 0),
               "last_contact": last.get(org.id).isoformat() if last.get(org.id) else None}  # fmt: skip
        falling = row["contacts_prior_30d"] >= 2 and row["contacts_30d"] < row["contacts_prior_30d"] / 2
        low_csat = health["satisfaction"] < 0.5 and any(r["at"] and r["at"] >= end - timedelta(days=90)
                                                        for r in tickets["ratings"])  # fmt: skip
        breached = any(t["breached"] for t in tickets["open"])
        if last.get(org.id) is None or last[org.id] < end - timedelta(days=SILENT_DAYS):
            out["silent"].append(row)
        elif falling or low_csat or breached:
            out["at_risk"].append(row)
        elif org.tier in ("gold", "platinum") and health["score"] >= 70:
            out["champions"].append(row)
    return out


def _organizations(filters: Filters) -> list[Organization]:
    stmt = select(Organization).order_by(Organization.name)
    if filters.tier:
        stmt = stmt.where(Organization.tier == filters.tier)
    if filters.organization:
        stmt = stmt.where(Organization.id == filters.organization)
    if filters.partner:
        stmt = stmt.where(Organization.partner_id == filters.partner)
    if filters.scope is not None:
        stmt = stmt.where(Organization.id.in_(filters.scope or [-1]))
    return list(db.session.scalars(stmt.limit(500)))


def _contact_counts(start: datetime, end: datetime) -> dict[int, int]:
    stmt = (
        select(FactContact.organization_id, func.count())
        .where(FactContact.occurred_at >= start, FactContact.occurred_at < end, FactContact.is_staff.is_(False),
               FactContact.kind != "visit")
        .group_by(FactContact.organization_id)
    )  # fmt: skip
    return dict(db.session.execute(stmt).all())
