"""Idea pages and the notification badge follow events live in real Chromium."""

import pytest
from playwright.sync_api import expect

from app.core import events
from app.extensions import db
from tests.browser.test_realtime_live_thread import _sign_in, consumers  # noqa: F401  (fixture)
from tests.ideas.factories import IdeaFactories

pytestmark = pytest.mark.browser


def test_idea_votes_and_status_change_live_for_an_anonymous_reader(live_server, page, factories, consumers):  # noqa: F811
    ideas = IdeaFactories(factories)
    idea = ideas.idea(title="Dark mode for the mobile app")
    page.goto(f"{live_server}/ideas/{idea.id}")
    page.wait_for_timeout(1500)  # the socket connects
    expect(page.locator(".idea-head .idea-vote-count")).to_have_text("0")

    ideas.vote(idea, factories.user(), factories.user())
    expect(page.locator(".idea-head .idea-vote-count")).to_have_text("2", timeout=10000)
    ideas.status(idea, "planned", "Coming in the spring release.")
    page.wait_for_selector(".idea-head .idea-status-planned", timeout=10000)
    assert page.console_errors == []


def test_the_notification_badge_updates_without_reload(live_server, page, factories, consumers):  # noqa: F811
    ann = factories.user()
    _sign_in(page, live_server, ann)
    page.goto(f"{live_server}/")
    badge = page.locator("[data-unread-count]")
    page.wait_for_timeout(1500)  # the socket connects
    events.record(
        "notification.created",
        subject_type="notification",
        subject_id=1,
        audience=f"user:{ann.id}",
        payload={"notification_id": 1, "unread_count": 3},
    )
    db.session.commit()
    expect(badge).to_have_text("3", timeout=10000)
    expect(badge).to_be_visible()


def test_an_agents_reply_appears_on_the_customers_ticket_page(live_server, page, factories, consumers):  # noqa: F811
    from tests.qa.factories import QAFactories
    from tests.tickets.factories import TicketFactories

    tickets = TicketFactories(factories, QAFactories(factories))
    requester = factories.user()
    agent = tickets.agent()
    ticket = tickets.ticket(requester, agent=agent)
    _sign_in(page, live_server, requester)
    page.goto(f"{live_server}/tickets/{ticket.id}")
    page.wait_for_timeout(1500)  # the socket connects and joins the ticket room
    page.fill("#conversation textarea", "I am still writing this")  # a half-written reply survives

    tickets.reply(agent, ticket, body="We found the cause and shipped a fix.")
    expect(page.locator("#conversation")).to_contain_text("We found the cause and shipped a fix.", timeout=10000)
    expect(page.locator("#conversation textarea")).to_have_value("I am still writing this")
    page.screenshot(path="/tmp/shots/realtime-ticket-desktop.png")
    assert page.console_errors == []


def test_the_review_queue_shows_a_new_flag_live(live_server, page, factories, consumers):  # noqa: F811
    from app.moderation import flags
    from tests.qa.factories import QAFactories

    question = QAFactories(factories).question(title="Buy cheap watches here now")
    moderator = factories.user(role="moderator")
    _sign_in(page, live_server, moderator)
    page.goto(f"{live_server}/moderation/queue")
    page.wait_for_timeout(1500)  # the socket connects and joins the moderation room
    expect(page.locator("#review-items")).not_to_contain_text("Buy cheap watches")

    flags.flag_post(factories.user(), "question", question.id, reason="spam")
    expect(page.locator("#review-items")).to_contain_text("Buy cheap watches", timeout=10000)
    assert page.console_errors == []
