"""Each measure against a small history computed by hand (the facts are written directly)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.extensions import db
from app.insight import customer, metrics, segments
from app.insight.filters import Filters, buckets
from app.insight.models import (
    FactContact,
    FactIdea,
    FactIdeaVote,
    FactQuestion,
    FactTicket,
    RootCause,
    RootCauseAssignment,
)

WEEKS = Filters(period="week", start=date(2026, 1, 5), end=date(2026, 1, 18))
_ids = iter(range(1, 10_000))


def at(day: int, hour: int = 0, month: int = 1) -> datetime:
    year = 2025 if month == 12 else 2026
    return datetime(year, month, day, hour, tzinfo=UTC)


def H(n):  # noqa: N802
    return timedelta(hours=n)


def question(asked, *, org=None, asker=1, community=None, staff=None, accepted=None, official=None, tier="standard"):
    db.session.add(FactQuestion(question_id=next(_ids), asked_at=asked, asker_id=asker, organization_id=org, tier=tier,
                                first_community_at=community, first_staff_at=staff, accepted_at=accepted,
                                official_at=official))  # fmt: skip


def ticket(created, *, org=None, requester=1, tier="standard", priority="normal", **kw):
    tid = next(_ids)
    db.session.add(FactTicket(ticket_id=tid, created_at=created, requester_id=requester, organization_id=org, tier=tier,
                              priority=priority, paused_seconds=kw.pop("paused_seconds", 0),
                              reopened=kw.pop("reopened", 0), **kw))  # fmt: skip
    return tid


def contact(when, kind, user, tier="standard", org=None, staff=False):
    db.session.add(FactContact(event_id=next(_ids), occurred_at=when, day=when.date(), kind=kind, user_id=user,
                               tier=tier, organization_id=org, is_staff=staff))  # fmt: skip


def series(key, filters=WEEKS):
    db.session.flush()
    return metrics.compute(key, filters)


def test_weeks_start_on_monday():
    assert buckets(WEEKS) == [date(2026, 1, 5), date(2026, 1, 12)]
    months = Filters(period="month", start=date(2026, 1, 20), end=date(2026, 3, 2))
    assert buckets(months) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_deflection(app):
    question(at(5, 10), org=3, accepted=at(5, 12))  # solved, no ticket from org 3: deflected
    question(at(6), org=1, accepted=at(6, 5))  # solved, but org 1 opened a ticket 2 days later
    ticket(at(8), org=1)
    question(at(6), org=2, official=at(7))  # solved; org 2's ticket comes 14 days later: deflected
    ticket(at(20), org=2)
    question(at(7), asker=9)  # not solved
    question(at(12), org=4, accepted=at(13))  # week 2: a ticket before asking does not count
    ticket(at(11), org=4)
    rows = series("deflection")
    assert [(r["asked"], r["solved"], r["deflected"], r["value"]) for r in rows] == [(4, 3, 2, 0.5), (1, 1, 1, 1.0)]


def test_first_response_accepted_unanswered_and_staff(app):
    question(at(5), community=at(5) + H(2), staff=at(5) + H(5), accepted=at(5) + H(6))
    question(at(6), community=at(6) + H(4), accepted=at(7))
    question(at(7), community=at(7) + H(10), staff=at(7) + H(1), official=at(8))
    question(at(8))
    question(at(12), community=at(12) + H(49))
    first = series("first_response")[0]
    assert (first["community_median"], first["community_p90"]) == (4, 10)  # hours [2, 4, 10]
    assert (first["staff_median"], first["staff_p90"]) == (3, 5)  # hours [1, 5]
    assert [r["value"] for r in series("accepted_rate")] == [0.5, 0.0]
    assert [r["value"] for r in series("unanswered_48h")] == [0.25, 1.0]
    assert [r["value"] for r in series("staff_involvement")] == [0.5, 0.0]


def test_tickets_and_csat(app):
    # gold / normal: first response within 8 h, resolution within 48 h (plus time paused).
    ticket(at(6, 9), tier="gold", first_response_at=at(6, 16), first_response_paused=0,
           solved_at=at(6, 9) + H(50), paused_seconds=3 * 3600, reopened=1, status="solved")  # fmt: skip
    ticket(at(8), tier="gold", first_response_at=at(8, 9), first_response_paused=0, status="open")
    ticket(at(13), tier="standard", status="new", csat=None)
    week1, week2 = series("tickets")
    assert (week1["value"], week1["backlog"], week1["first_response_sla"], week1["resolution_sla"]) == (2, 1, 0.5, 0.5)
    assert week1["reopen_rate"] == 0.5
    assert (week2["value"], week2["backlog"]) == (1, 2)
    ticket(at(1), tier="gold", csat=4, csat_at=at(6))
    ticket(at(1), tier="gold", csat=2, csat_at=at(7))
    ticket(at(1), tier="standard", csat=5, csat_at=at(9))
    rated = series("csat")[0]
    assert (rated["value"], rated["gold"], rated["standard"], rated["platinum"]) == (3.67, 3.0, 5.0, None)


def test_contacts_per_customer_and_self_service(app):
    contact(at(5, 10), "search", 1, "gold")
    contact(at(5, 15), "ticket", 1, "gold")
    contact(at(6), "question", 1, "gold")
    contact(at(6), "visit", 2)
    contact(at(6), "kb_read", 2)
    contact(at(7), "question", 3, "gold")
    contact(at(7), "search", 3, "gold")
    contact(at(8), "ticket", 4)
    contact(at(8), "answer", 99, staff=True)  # staff are not customers
    row = series("contacts_per_customer")[0]
    # asked: u1 ticket + question, u3 question, u4 ticket = 4; active: u1..u4
    assert (row["contacts"], row["active_customers"], row["value"]) == (4, 4, 1.0)
    assert (row["gold"], row["standard"], row["platinum"]) == (1.5, 0.5, None)
    service = series("self_service")[0]
    # helped: u1, u2, u3; with a ticket: u1, u4; u1 searched then opened a ticket within a day, u3 did not.
    assert (service["self_served_users"], service["ticket_users"], service["value"]) == (3, 2, 1.5)
    assert service["search_to_ticket"] == 0.5


def test_ideas(app):
    for tier in ("gold", "gold", "standard", "platinum"):
        db.session.add(FactIdeaVote(idea_id=1, user_id=next(_ids), tier=tier, voted_at=at(6)))
    row = series("ideas_demand")[0]
    assert (row["votes"], row["gold"], row["value"]) == (4, 2, 2 * 3 + 1 + 10)  # default weights 1 / 3 / 10
    db.session.add(FactIdea(idea_id=1, created_at=at(1), status="completed", closed_at=at(6)))
    db.session.add(FactIdea(idea_id=2, created_at=at(2), status="declined", closed_at=at(10)))
    db.session.add(FactIdea(idea_id=3, created_at=at(2), status="planned"))
    closed = series("loop_closure")[0]
    assert (closed["value"], closed["median_days_to_close"]) == (2, 6.5)


def test_dau_mau_and_new_contributors(app):
    contact(at(5), "question", 1)
    contact(at(6), "vote", 1)
    contact(at(5), "visit", 2)
    contact(at(20, month=12), "answer", 3)  # inside the 30 days before the week's end, not in the week
    row = series("active_users")[0]
    assert (row["dau"], row["mau"], row["new_contributors"]) == (0.43, 3, 1)  # DAU = (2 + 1) / 7 days
    assert row["value"] == round((3 / 7) / 3, 4)


def test_root_causes(app):
    billing = RootCause(name_en="Billing", name_zh_hans="账单", name_zh_hant="帳單")
    login = RootCause(name_en="Login", name_zh_hans="登录", name_zh_hant="登入")
    db.session.add_all([billing, login])
    db.session.flush()
    for tid in (ticket(at(6)), ticket(at(7))):
        db.session.add(RootCauseAssignment(subject_type="ticket", subject_id=tid, root_cause_id=billing.id))
    question(at(6))
    db.session.flush()
    qid = db.session.scalar(db.select(FactQuestion.question_id))
    db.session.add(RootCauseAssignment(subject_type="question", subject_id=qid, root_cause_id=login.id))
    question(at(8))
    db.session.flush()
    result = segments.root_causes(WEEKS)
    assert [(c["name"], c["count"], c["share"]) for c in result["top"]] == [("Billing", 2, 0.5), ("Login", 1, 0.25)]


@pytest.mark.parametrize(
    ("active_days", "ratings", "open_tickets", "breached", "expected"),
    [(10, [5, 5], 2, 1, 85), (0, [], 0, 0, 45), (5, [1], 1, 1, 20), (30, [3], 0, 0, 85)],
)
def test_health_score(active_days, ratings, open_tickets, breached, expected):
    assert customer.score(active_days, ratings, open_tickets, breached)["score"] == expected


def test_segments(app, factories):
    from app.auth.services import get_or_create_organization

    champion = get_or_create_organization("Champ", "gold")
    quiet = get_or_create_organization("Quiet", "platinum")
    falling = get_or_create_organization("Falling", "standard")
    db.session.flush()
    for day in range(5, 17):  # active 12 days before the end
        contact(at(day), "question", 1, "gold", champion.id)
    contact(at(1, month=12), "question", 2, "platinum", quiet.id)  # 48 days before the end
    for day in range(1, 7):  # 6 contacts 30–60 days before, 1 in the last 30
        contact(at(day + 10, month=12), "question", 3, "standard", falling.id)
    contact(at(10), "question", 3, "standard", falling.id)
    db.session.flush()
    result = segments.segments(WEEKS)
    names = {key: [o["name"] for o in rows] for key, rows in result.items()}
    assert names == {"champions": ["Champ"], "at_risk": ["Falling"], "silent": ["Quiet"]}
