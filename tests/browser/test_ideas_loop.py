"""In a real browser: a customer votes, a product manager responds, the voter hears about it."""

import os

import pytest

from app.core import events
from tests.browser.test_realtime_live_thread import consumers  # noqa: F401  (fixture)
from tests.factories import PASSWORD
from tests.ideas.factories import IdeaFactories

SHOTS = os.environ.get("KITH_SHOTS_DIR", "/tmp/shots")


def _sign_in(page, base, user):
    page.goto(f"{base}/auth/login")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/auth/login" not in url)


@pytest.mark.browser
def test_vote_status_change_and_the_voter_is_notified(live_server, new_page, factories, make_user):
    ideas = IdeaFactories(factories)
    board = ideas.board(name="Kith Cloud", slug="cloud")
    idea = ideas.idea(board=board, title="Scheduled Excel export", body="Every **Monday** morning.")
    voter = make_user(tier="gold", display_name="Gina Gold")

    customer = new_page()
    _sign_in(customer, live_server, voter)
    customer.goto(f"{live_server}/ideas/b/cloud")
    customer.click(f"#idea-{idea.id} button.idea-vote-button")
    customer.wait_for_selector(f"#idea-{idea.id} [data-votes='1']")
    assert customer.inner_text(f"#idea-{idea.id} .idea-vote-button").strip() == "Voted"

    manager = new_page()
    _sign_in(manager, live_server, ideas.pm)
    manager.goto(f"{live_server}/ideas/{idea.id}")
    manager.select_option("select[name=status]", "planned")
    manager.fill("textarea[name=response]", "Planned for **May**. Thanks for voting!")
    manager.click(".idea-status-form button[type=submit]")
    manager.wait_for_selector(".idea-response")
    assert "Planned for May" in manager.inner_text(".idea-response")

    events.run_all_consumers()
    customer.goto(f"{live_server}/ideas/{idea.id}")
    assert "Planned for May" in customer.inner_text(".idea-response")
    assert customer.inner_text(".idea-response strong") == "May"
    customer.goto(f"{live_server}/notifications/")
    body = customer.inner_text("main")
    assert "Scheduled Excel export" in body and "changed the status of an idea" in body
    customer.click("text=Scheduled Excel export")
    customer.wait_for_url(f"**/ideas/{idea.id}")
    assert customer.console_errors == []
    assert manager.console_errors == []


@pytest.mark.browser
def test_screenshots_of_idea_pages(live_server, new_page, app):
    from app.demo.services import load_demo
    from app.ideas import services

    users = load_demo()
    idea = services.ideas_query(board=services.get_board("cloud"), sort="top").limit(1)
    from app.extensions import db

    top = db.session.scalars(idea).first()
    os.makedirs(SHOTS, exist_ok=True)
    pages = {
        "board": "/ideas/b/cloud",
        "idea": f"/ideas/{top.id}",
        "roadmap": "/ideas/b/cloud/roadmap",
        "manage": "/ideas/manage",
        "index": "/ideas/",
    }
    for phone in (False, True):
        page = new_page(phone=phone)
        page.goto(f"{live_server}/auth/login")
        page.fill("input[name=login]", users["pm"].email)
        page.fill("input[name=password]", "kith-demo-pass")
        page.click("form button[type=submit]")
        page.wait_for_url(lambda url: "/auth/login" not in url)
        for name, path in pages.items():
            page.goto(f"{live_server}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            viewport = page.evaluate("window.innerWidth")
            if name != "manage":  # the demand table scrolls inside its own box
                assert width <= viewport, (name, phone, width, viewport)
            page.screenshot(path=f"{SHOTS}/ideas-{name}-{'phone' if phone else 'desktop'}.png", full_page=True)
        assert page.console_errors == []


@pytest.mark.browser
def test_the_voter_sees_the_official_response_arrive_live(live_server, new_page, factories, make_user, consumers):  # noqa: F811
    from playwright.sync_api import expect

    ideas = IdeaFactories(factories)
    idea = ideas.idea(title="Calendar sync")
    voter = make_user()
    ideas.vote(idea, voter)
    page = new_page()
    _sign_in(page, live_server, voter)
    page.goto(f"{live_server}/ideas/{idea.id}")
    page.wait_for_timeout(1500)  # the socket connects
    assert page.locator(".idea-response").count() == 0
    ideas.status(idea, "in_progress", "Being built **now**.")
    expect(page.locator(".idea-response strong")).to_have_text("now", timeout=10000)
    expect(page.locator(".idea-head .idea-status-in_progress")).to_be_visible()
    expect(page.locator("[data-unread-count]")).to_have_text("1", timeout=10000)
    assert page.console_errors == []
