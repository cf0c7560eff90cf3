"""The insight dashboard and the customer 360 in a real browser, in English and 繁體中文, desktop and phone."""

import os
import random
import time
from datetime import timedelta

import pytest

from app.core.timeutil import utcnow
from app.extensions import db
from app.insight import organizations
from app.insight.models import FactContact, FactQuestion, FactTicket

SHOTS = "/tmp/shots/insight"


def _sign_in(page, base, user):
    page.goto(f"{base}/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", "correct horse battery")
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def _history(org, customer):
    """Twelve weeks of facts with a trend (the ledger's own tests cover how facts come from events)."""
    rng = random.Random(3)
    now = utcnow()
    ids = iter(range(10_000, 100_000))  # clear of the ids the real ticket above used
    for week in range(12):
        for _ in range(2 + week):
            asked = now - timedelta(weeks=12 - week, hours=rng.randint(0, 150))
            answered = asked + timedelta(hours=rng.choice([1, 3, 6, 30]))
            qid = next(ids)
            db.session.add(FactQuestion(question_id=qid, asked_at=asked, asker_id=customer.id, tier=org.tier,
                                        organization_id=org.id, first_community_at=answered,
                                        accepted_at=answered if rng.random() < 0.6 else None))  # fmt: skip
            db.session.add(FactContact(event_id=next(ids), occurred_at=asked, day=asked.date(), kind="question",
                                       user_id=customer.id, organization_id=org.id, tier=org.tier, ref_type="question",
                                       ref_id=qid))  # fmt: skip
        created = now - timedelta(weeks=12 - week)
        db.session.add(FactTicket(ticket_id=next(ids), created_at=created, requester_id=customer.id, tier=org.tier,
                                  organization_id=org.id, status="solved", csat=rng.choice([3, 4, 5]),
                                  csat_at=created + timedelta(days=1), first_response_at=created + timedelta(hours=2),
                                  solved_at=created + timedelta(hours=20), paused_seconds=0, reopened=0))  # fmt: skip
    db.session.commit()


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "zh_Hant"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_dashboard_and_360(app, live_server, new_page, make_user, tickets, locale, phone):
    admin = make_user(role="admin", locale=locale)
    org = organizations.create_organization(admin, name="晨光科技 Gold Co", tier="gold", account_manager_id=admin.id)
    customer = make_user(organization=org, display_name="林美玲")
    tickets.ticket(customer)  # one open ticket, through the real services
    with app.test_request_context():
        from app.core.events import run_all_consumers

        run_all_consumers()
    _history(org, customer)
    page = new_page(phone=phone)
    _sign_in(page, live_server, admin)
    page.goto(f"{live_server}/insight/?tier=gold")
    _wait_until(page, "document.querySelectorAll('canvas').length > 0 && window.Chart !== undefined")
    drawn = page.evaluate("[...document.querySelectorAll('canvas')].filter(c => window.Chart.getChart(c)).length")
    assert drawn == len(page.locator("section.measure").all()) >= 10
    title = "社群分流率" if locale == "zh_Hant" else "Community deflection"
    assert title in page.locator("#measure-deflection h2").inner_text()
    assert page.locator("#measure-deflection .definition").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
    os.makedirs(SHOTS, exist_ok=True)
    suffix = f"{locale}-{'phone' if phone else 'desktop'}"
    page.screenshot(path=f"{SHOTS}/dashboard-{suffix}.png", full_page=not phone)
    page.goto(f"{live_server}/insight/organizations/{org.id}")
    assert "晨光科技 Gold Co" in page.locator("h1").inner_text()
    assert page.locator(".timeline-item").count() > 10
    assert page.locator(".health-formula summary").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
    page.screenshot(path=f"{SHOTS}/organization-360-{suffix}.png", full_page=not phone)
    page.goto(f"{live_server}/insight/people/{customer.id}")
    page.screenshot(path=f"{SHOTS}/person-360-{suffix}.png", full_page=not phone)
    assert page.console_errors == []


@pytest.fixture
def tickets(factories):
    from tests.qa.factories import QAFactories
    from tests.tickets.factories import TicketFactories

    return TicketFactories(factories, QAFactories(factories))


def _wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll `expression` in the page (evaluate is not subject to the page's CSP; wait_for_function is)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(50)
