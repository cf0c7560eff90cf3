"""The dashboard measures, each with its definition, computed from the fact tables by week or month.

A measure returns one row per period: {"period": "2026-01-05", "value": ..., other fields}.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, timedelta

from flask_babel import lazy_gettext as _l

from app.core.timeutil import utcnow
from app.insight import stats
from app.insight.filters import Filters, buckets
from app.insight.models import FactContact, FactIdea, FactIdeaVote, FactQuestion, FactTicket

DEFLECTION_WINDOW = timedelta(days=7)
UNANSWERED_AFTER = timedelta(hours=48)
SELF_SERVICE_KINDS = ("search", "search_click", "kb_read", "suggestion_click")
POST_KINDS = ("question", "answer", "comment", "idea", "idea_comment")


@dataclass
class Measure:
    key: str
    title: object
    definition: object
    unit: str  # percent / hours / count / ratio
    compute: object
    fields: tuple[str, ...] = ("value",)
    audience: str = "support"  # "ideas": product managers see it too


def _series(filters: Filters, grouped: dict, fn) -> list[dict]:
    return [{"period": start.isoformat(), **fn(grouped.get(start, []), start)} for start in buckets(filters)]


def _questions(filters: Filters) -> list[FactQuestion]:
    return stats.rows(FactQuestion, FactQuestion.asked_at, filters, extra=(FactQuestion.deleted.is_(False),))


# --- community ---------------------------------------------------------------------------------


def deflection(filters: Filters) -> list[dict]:
    questions = _questions(filters)
    later = Filters(**{**filters.__dict__, "end": filters.end + DEFLECTION_WINDOW, "tier": None, "space": None})
    by_org, by_person = defaultdict(list), defaultdict(list)
    for t in stats.rows(FactTicket, FactTicket.created_at, later):
        if t.organization_id:
            by_org[t.organization_id].append(t.created_at)
        by_person[t.requester_id].append(t.created_at)
    for times in (*by_org.values(), *by_person.values()):
        times.sort()

    def ticket_within(q: FactQuestion) -> bool:
        times = by_org[q.organization_id] if q.organization_id else by_person[q.asker_id]
        i = bisect_left(times, q.asked_at)
        return i < len(times) and times[i] < q.asked_at + DEFLECTION_WINDOW

    def row(items, _start):
        solved = [q for q in items if q.accepted_at or q.official_at]
        deflected = [q for q in solved if not ticket_within(q)]
        return {"value": stats.ratio(len(deflected), len(items)), "asked": len(items), "solved": len(solved),
                "deflected": len(deflected)}  # fmt: skip

    return _series(filters, stats.group(questions, lambda q: q.asked_at, filters), row)


def first_response(filters: Filters) -> list[dict]:
    def row(items, _start):
        community = [h for q in items if (h := stats.hours(q.asked_at, q.first_community_at)) is not None]
        staff = [h for q in items if (h := stats.hours(q.asked_at, q.first_staff_at)) is not None]
        return {
            "value": stats.rounded(stats.median(community)),
            "community_median": stats.rounded(stats.median(community)),
            "community_p90": stats.rounded(stats.p90(community)),
            "staff_median": stats.rounded(stats.median(staff)),
            "staff_p90": stats.rounded(stats.p90(staff)),
            "questions": len(items),
        }

    return _series(filters, stats.group(_questions(filters), lambda q: q.asked_at, filters), row)


def accepted_rate(filters: Filters) -> list[dict]:
    def row(items, _start):
        accepted = sum(1 for q in items if q.accepted_at)
        return {"value": stats.ratio(accepted, len(items)), "asked": len(items), "accepted": accepted}

    return _series(filters, stats.group(_questions(filters), lambda q: q.asked_at, filters), row)


def unanswered_48h(filters: Filters) -> list[dict]:
    cutoff = utcnow() - UNANSWERED_AFTER
    old_enough = [q for q in _questions(filters) if q.asked_at <= cutoff]

    def answered_in_time(q: FactQuestion) -> bool:
        firsts = [t for t in (q.first_community_at, q.first_staff_at) if t is not None]
        return bool(firsts) and min(firsts) <= q.asked_at + UNANSWERED_AFTER

    def row(items, _start):
        missed = sum(1 for q in items if not answered_in_time(q))
        return {"value": stats.ratio(missed, len(items)), "asked": len(items), "unanswered": missed}

    return _series(filters, stats.group(old_enough, lambda q: q.asked_at, filters), row)


def staff_involvement(filters: Filters) -> list[dict]:
    def row(items, _start):
        staff = sum(1 for q in items if q.first_staff_at or q.official_at)
        return {"value": stats.ratio(staff, len(items)), "asked": len(items), "with_staff": staff}

    return _series(filters, stats.group(_questions(filters), lambda q: q.asked_at, filters), row)


# --- contacts ----------------------------------------------------------------------------------


def _contacts(filters: Filters, kinds=None) -> list:
    extra = [FactContact.is_staff.is_(False)]
    if kinds:
        extra.append(FactContact.kind.in_(kinds))
    columns = (FactContact.day, FactContact.kind, FactContact.user_id, FactContact.tier, FactContact.occurred_at)
    return stats.rows(FactContact, FactContact.occurred_at, filters, *columns, extra=extra)


def contacts_per_customer(filters: Filters) -> list[dict]:
    def row(items, _start):
        out = {}
        for tier in (None, "standard", "gold", "platinum"):
            chosen = [c for c in items if tier is None or c.tier == tier]
            asked = sum(1 for c in chosen if c.kind in ("question", "ticket"))
            active = len({c.user_id for c in chosen})
            out["value" if tier is None else tier] = stats.ratio(asked, active)
        out["contacts"] = sum(1 for c in items if c.kind in ("question", "ticket"))
        out["active_customers"] = len({c.user_id for c in items})
        return out

    return _series(filters, stats.group(_contacts(filters), lambda c: c.day, filters), row)


def self_service(filters: Filters) -> list[dict]:
    def row(items, _start):
        helped = {c.user_id for c in items if c.kind in SELF_SERVICE_KINDS}
        ticketed = {c.user_id for c in items if c.kind == "ticket"}
        searches = defaultdict(list)
        for c in items:
            if c.kind == "search":
                searches[c.user_id].append(c.occurred_at)
        tickets_at = defaultdict(list)
        for c in items:
            if c.kind == "ticket":
                tickets_at[c.user_id].append(c.occurred_at)
        then_ticket = sum(
            1 for user, times in searches.items()
            if any(s <= t <= s + timedelta(days=1) for s in times for t in tickets_at.get(user, ()))
        )  # fmt: skip
        return {
            "value": stats.ratio(len(helped), len(ticketed)),
            "self_served_users": len(helped),
            "ticket_users": len(ticketed),
            "search_to_ticket": stats.ratio(then_ticket, len(searches)),
            "suggestion_clicks": sum(1 for c in items if c.kind == "suggestion_click"),
        }

    kinds = (*SELF_SERVICE_KINDS, "ticket")
    return _series(filters, stats.group(_contacts(filters, kinds), lambda c: c.day, filters), row)


def active_users(filters: Filters) -> list[dict]:
    """DAU, MAU and their ratio (Discourse's stickiness), and new contributors."""
    wider = Filters(**{**filters.__dict__, "start": filters.start - timedelta(days=30)})
    contacts = _contacts(wider)
    days = defaultdict(set)
    for c in contacts:
        days[c.day].add(c.user_id)
    first_post = _first_posts(filters)

    def row(_items, start):
        end = min(_period_end(start, filters), filters.end)
        span = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        dau = sum(len(days.get(d, ())) for d in span) / len(span) if span else 0
        month = set().union(*(days.get(end - timedelta(days=i), set()) for i in range(30)))
        new = sum(1 for d in first_post.values() if start <= d <= end)
        return {"value": stats.ratio(dau, len(month)), "dau": round(dau, 2), "mau": len(month), "new_contributors": new}

    return _series(filters, {}, row)


def _first_posts(filters: Filters) -> dict:
    from sqlalchemy import func, select

    from app.extensions import db

    stmt = (
        select(FactContact.user_id, func.min(FactContact.day))
        .where(FactContact.kind.in_(POST_KINDS), FactContact.is_staff.is_(False), *stats.where(FactContact, filters))
        .group_by(FactContact.user_id)
    )
    return dict(db.session.execute(stmt).all())


def _period_end(start, filters: Filters):
    if filters.period == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return start + timedelta(days=6)


# --- tickets and ideas ---------------------------------------------------------------------------


def tickets(filters: Filters) -> list[dict]:
    from app.tickets import sla

    now = utcnow()
    created = stats.rows(FactTicket, FactTicket.created_at, filters)
    everything = stats.rows(
        FactTicket,
        FactTicket.created_at,
        Filters(**{**filters.__dict__, "start": filters.start - timedelta(days=3650)}),
    )

    def clock(t: FactTicket, done_at, paused: int, target) -> bool | None:
        due = t.created_at + target + timedelta(seconds=paused)
        if done_at is not None:
            return done_at <= due
        return False if now > due else None  # still running: neither met nor missed yet

    def row(items, start):
        end_at = stats_end(start)
        backlog = sum(1 for t in everything if t.created_at < end_at and (t.solved_at is None or t.solved_at >= end_at))
        first, resolution = [], []
        for t in items:
            first_target, resolution_target = sla.targets(t.tier, t.priority)
            paused_first = t.first_response_paused if t.first_response_paused is not None else t.paused_seconds
            first.append(clock(t, t.first_response_at, paused_first or 0, first_target))
            resolution.append(clock(t, t.solved_at, t.paused_seconds or 0, resolution_target))
        decided_first = [x for x in first if x is not None]
        decided_res = [x for x in resolution if x is not None]
        return {
            "value": len(items),
            "backlog": backlog,
            "first_response_sla": stats.ratio(sum(decided_first), len(decided_first)),
            "resolution_sla": stats.ratio(sum(decided_res), len(decided_res)),
            "reopen_rate": stats.ratio(sum(1 for t in items if t.reopened), len(items)),
        }

    def stats_end(start):
        from datetime import datetime, time

        return datetime.combine(_period_end(start, filters) + timedelta(days=1), time.min, tzinfo=UTC)

    return _series(filters, stats.group(created, lambda t: t.created_at, filters), row)


def csat(filters: Filters) -> list[dict]:
    rated = stats.rows(FactTicket, FactTicket.csat_at, filters, extra=(FactTicket.csat.is_not(None),))

    def row(items, _start):
        out = {
            "value": stats.rounded(sum(t.csat for t in items) / len(items)) if items else None,
            "ratings": len(items),
        }
        for tier in ("standard", "gold", "platinum"):
            scores = [t.csat for t in items if t.tier == tier]
            out[tier] = stats.rounded(sum(scores) / len(scores)) if scores else None
        return out

    return _series(filters, stats.group(rated, lambda t: t.csat_at, filters), row)


def ideas_demand(filters: Filters) -> list[dict]:
    from app.core import settings

    weights = settings.get("TIER_WEIGHTS")
    votes = stats.rows(
        FactIdeaVote, FactIdeaVote.voted_at, Filters(**{**filters.__dict__, "space": None, "partner": None})
    )

    def row(items, _start):
        out = {tier: sum(1 for v in items if v.tier == tier) for tier in ("standard", "gold", "platinum")}
        out["value"] = sum(int(weights.get(v.tier, 1)) for v in items)
        out["votes"] = len(items)
        return out

    return _series(filters, stats.group(votes, lambda v: v.voted_at, filters), row)


def loop_closure(filters: Filters) -> list[dict]:
    plain = Filters(**{**filters.__dict__, "space": None, "partner": None})
    closed = stats.rows(FactIdea, FactIdea.closed_at, plain, extra=(FactIdea.closed_at.is_not(None),))

    def row(items, _start):
        days = [(i.closed_at - i.created_at).total_seconds() / 86400 for i in items]
        return {"value": len(items), "median_days_to_close": stats.rounded(stats.median(days), 1)}

    return _series(filters, stats.group(closed, lambda i: i.closed_at, filters), row)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("deflection", _l("Community deflection"), _l(
            "Questions solved (an accepted answer or an official staff answer) with no ticket from the asker's "
            "organization (or the asker, without one) within 7 days after asking, over all questions asked in "
            "the period."), "percent", deflection, ("value", "asked", "solved", "deflected")),
        Measure("first_response", _l("Time to first response on questions"), _l(
            "Hours from asking to the first answer by another community member, and to the first answer by "
            "staff: median and 90th percentile (nearest rank) of the questions asked in the period."),
            "hours", first_response, ("community_median", "community_p90", "staff_median", "staff_p90", "questions")),
        Measure("contacts_per_customer", _l("Contacts per active customer"), _l(
            "Tickets opened plus questions asked by customers, over the customers with any contact in the "
            "period (signing in, posting, voting, searching, tickets), overall and by tier."),
            "ratio", contacts_per_customer, ("value", "standard", "gold", "platinum", "contacts", "active_customers")),
        Measure("tickets", _l("Tickets: volume, backlog, SLA attainment, reopen rate"), _l(
            "Tickets opened in the period; backlog: tickets not solved at the end of the period; SLA attainment: "
            "share of the period's tickets whose first response and resolution came within the target of their "
            "tier and priority (clocks stopped while waiting on the customer; still-running clocks not yet due are "
            "left out); reopen rate: share of the period's tickets reopened after being solved."),
            "count", tickets, ("value", "backlog", "first_response_sla", "resolution_sla", "reopen_rate")),
        Measure("csat", _l("Customer satisfaction by tier"), _l(
            "Average rating (1 to 5) of the tickets rated in the period, overall and by tier."),
            "score", csat, ("value", "standard", "gold", "platinum", "ratings")),
        Measure("accepted_rate", _l("Accepted-answer rate"), _l(
            "Questions asked in the period that have an accepted answer, over all questions asked in the period."),
            "percent", accepted_rate, ("value", "asked", "accepted")),
        Measure("unanswered_48h", _l("Unanswered at 48 hours"), _l(
            "Questions asked in the period (and at least 48 hours ago) with no answer from anyone else within "
            "48 hours, over those questions."), "percent", unanswered_48h, ("value", "asked", "unanswered")),
        Measure("staff_involvement", _l("Staff involvement"), _l(
            "Questions asked in the period that a member of staff answered (or got an official answer), over all "
            "questions asked."), "percent", staff_involvement, ("value", "asked", "with_staff")),
        Measure("self_service", _l("Self-service score"), _l(
            "Distinct signed-in customers who searched, opened a search result or a suggested question, or read an "
            "article, over distinct customers who opened a ticket, in the period. Search→ticket: share of "
            "searchers who opened a ticket within a day of a search. Suggestion clicks while asking are counted."),
            "ratio", self_service, ("value", "self_served_users", "ticket_users", "search_to_ticket",
                                    "suggestion_clicks")),
        Measure("ideas_demand", _l("Idea demand by tier"), _l(
            "Idea votes cast in the period by tier, and their weighted sum under the tier weights in force."),
            "count", ideas_demand, ("value", "votes", "standard", "gold", "platinum"), audience="ideas"),
        Measure("loop_closure", _l("Ideas closed (loop closure)"), _l(
            "Ideas completed or declined in the period (their voters hear of it through notifications), and the "
            "median days from submission to that decision."), "count", loop_closure,
            ("value", "median_days_to_close"), audience="ideas"),
        Measure("active_users", _l("DAU/MAU and new contributors"), _l(
            "DAU: average distinct customers with any contact per day of the period; MAU: distinct customers in the "
            "30 days up to the period's end; the value is DAU ÷ MAU. New contributors: customers whose first post "
            "(question, answer, comment or idea) falls in the period."),
            "ratio", active_users, ("value", "dau", "mau", "new_contributors")),
    )
}  # fmt: skip


def compute(key: str, filters: Filters) -> list[dict]:
    """One measure's rows, one per period."""
    return MEASURES[key].compute(filters)


FIELD_LABELS = {
    "value": _l("Value"),
    "asked": _l("Questions asked"),
    "solved": _l("Solved"),
    "deflected": _l("Deflected"),
    "community_median": _l("Community, median (h)"),
    "community_p90": _l("Community, p90 (h)"),
    "staff_median": _l("Staff, median (h)"),
    "staff_p90": _l("Staff, p90 (h)"),
    "questions": _l("Questions"),
    "standard": _l("Standard"),
    "gold": _l("Gold"),
    "platinum": _l("Platinum"),
    "contacts": _l("Contacts"),
    "active_customers": _l("Active customers"),
    "backlog": _l("Backlog"),
    "first_response_sla": _l("First response within SLA"),
    "resolution_sla": _l("Resolution within SLA"),
    "reopen_rate": _l("Reopen rate"),
    "ratings": _l("Ratings"),
    "accepted": _l("Accepted"),
    "unanswered": _l("Unanswered"),
    "with_staff": _l("With staff"),
    "self_served_users": _l("Self-served customers"),
    "ticket_users": _l("Customers with a ticket"),
    "search_to_ticket": _l("Search → ticket"),
    "suggestion_clicks": _l("Suggestion clicks"),
    "votes": _l("Votes"),
    "median_days_to_close": _l("Median days to close"),
    "dau": _l("DAU"),
    "mau": _l("MAU"),
    "new_contributors": _l("New contributors"),
}


def field_labels() -> dict[str, str]:
    """The field names in the current language (for tables, charts and exports)."""
    return {key: str(label) for key, label in FIELD_LABELS.items()}
