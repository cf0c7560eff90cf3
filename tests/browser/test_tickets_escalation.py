"""Escalate → reply → publish back, in real Chromium: a moderator, the asker and the public thread."""

import re

import pytest

from tests.qa.factories import QAFactories

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, user):
    page.goto(f"{live_server}/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", "correct horse battery")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_escalate_reply_publish_back(live_server, new_page, factories):
    qa = QAFactories(factories)
    asker = factories.user(display_name="Asha Asker", tier="platinum")
    agent = factories.user(role="moderator", display_name="Sam Support")
    question = qa.question(
        asker, title="Export to CSV fails with a server error", body="Every export ends in an error."
    )

    # The moderator escalates the question from the thread.
    staff = new_page()
    _sign_in(staff, live_server, agent)
    staff.goto(f"{live_server}/questions/{question.id}")
    staff.click("summary:has-text('Escalate to support')")
    staff.select_option("select[name=priority]", "high")
    staff.fill("textarea[name=note]", "Probably the large-export timeout")
    staff.click(".escalate-form button[type=submit]")
    staff.wait_for_selector("h1:has-text('Export to CSV fails')")
    assert re.search(r"/tickets/\d+$", staff.url)
    ticket_url = staff.url
    assert "New" in staff.text_content(".ticket-head")
    assert "Probably the large-export timeout" in staff.text_content(".internal-note")

    # The agent replies: the first response is in time and the ticket opens.
    staff.fill("#body", "We reproduced it. A fix is on the way.")
    staff.click("#conversation form button[type=submit]")
    staff.wait_for_selector("text=We reproduced it.")
    assert "Open" in staff.text_content(".ticket-head")
    assert "met" in staff.text_content(".sla-clocks")

    # The asker sees the ticket under "My tickets", without the internal note, and answers.
    customer = new_page(phone=True)
    _sign_in(customer, live_server, asker)
    customer.goto(f"{live_server}/tickets")
    customer.click("text=Export to CSV fails with a server error")
    assert "We reproduced it." in customer.text_content("#conversation")
    assert "large-export timeout" not in customer.content()
    customer.fill("#body", "Thanks, waiting for it.")
    customer.click("#conversation form button[type=submit]")
    customer.wait_for_selector("text=Thanks, waiting for it.")

    # The agent publishes the resolution back to the public thread.
    staff.goto(ticket_url)
    staff.fill("textarea[name=body] >> nth=1", "Fixed in 2.4: exports over 10k rows now run in the background.")
    staff.click("button:has-text('Publish as official answer')")
    staff.wait_for_selector("text=published to the question as an official answer")

    # Anyone reading the thread sees the badge and the official answer, nothing private.
    visitor = new_page()
    visitor.goto(f"{live_server}/questions/{question.id}")
    badge = visitor.text_content("[data-escalation-badge]")
    assert "Escalated to support" in badge and "Open" in badge
    assert "Fixed in 2.4" in visitor.text_content("#answers")
    assert visitor.locator("[data-official-answer]").count() == 1
    assert "large-export timeout" not in visitor.content()
    assert "Thanks, waiting for it." not in visitor.content()
    for page in (staff, customer, visitor):
        assert not [e for e in page.console_errors if "socket" not in e.lower() and "Failed to load" not in e]
