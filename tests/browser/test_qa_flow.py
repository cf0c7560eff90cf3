"""Ask → answer (another person) → accept, in real Chromium; and the question page on a phone."""

import pytest

from tests.qa.factories import QAFactories

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, user):
    page.goto(f"{live_server}/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", "correct horse battery")
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def _own_errors(page) -> list[str]:
    return [e for e in page.console_errors if "Failed to load resource" not in e and "socket" not in e.lower()]


def test_ask_answer_accept(live_server, new_page, factories, drain_events):
    qa = QAFactories(factories)
    space = qa.space("Billing", slug="billing")
    earlier = qa.question(title="Refund for a duplicate card charge", space=space)
    drain_events()  # the suggestions come from the search index
    asker = factories.user(display_name="Asha Asker")
    helper = factories.user(display_name="Hugo Helper")

    page = new_page()
    _sign_in(page, live_server, asker)
    page.goto(f"{live_server}/questions/ask")
    page.fill("#title", "Duplicate charge on my card")
    page.wait_for_selector(f"#similar a[data-question-id='{earlier.id}']", timeout=10000)
    assert "Refund for a duplicate card charge" in page.text_content("#similar")
    page.fill("#body", "I was charged **twice** for March.")
    page.select_option("#space", str(space.id))
    page.fill("#tags", "refunds cards")
    page.click("#ask-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Duplicate charge on my card')")
    question_url = page.url
    assert page.locator(".post-body strong").text_content() == "twice"

    other = new_page()
    _sign_in(other, live_server, helper)
    other.goto(question_url)
    other.fill("#body", "Open *Billing → Payments* and press **Request refund**.")
    other.click("#your-answer button[type=submit]")
    other.wait_for_selector(".answer-post:has-text('Request refund')")

    page.goto(question_url)
    page.click(".accept-button")
    page.wait_for_selector("[data-accepted]")
    assert page.locator("[data-solved]").is_visible()
    assert "Hugo Helper" in page.text_content("[data-accepted]")
    assert page.text_content("#answer-count").strip() == "1"
    assert _own_errors(page) == [] and _own_errors(other) == []
    assert page.dialogs == []


def test_similar_question_click_is_recorded(live_server, new_page, factories, app, drain_events):
    from sqlalchemy import select

    from app.core.events import Event
    from app.extensions import db

    qa = QAFactories(factories)
    earlier = qa.question(title="Export invoices as PDF files")
    drain_events()  # the suggestions come from the search index
    page = new_page()
    _sign_in(page, live_server, factories.user())
    page.goto(f"{live_server}/questions/ask")
    page.fill("#title", "how to export invoices")
    page.click(f"#similar a[data-question-id='{earlier.id}']")
    page.wait_for_selector("h1:has-text('Export invoices as PDF files')")
    for _ in range(50):
        db.session.expire_all()
        event = db.session.scalar(select(Event).where(Event.kind == "similar.clicked"))
        if event:
            break
        page.wait_for_timeout(100)
    assert event is not None and event.payload["question_id"] == earlier.id


def test_question_page_fits_a_phone(live_server, new_page, factories):
    qa = QAFactories(factories)
    asker, helper = factories.user(), factories.user()
    question = qa.question(
        asker,
        title="A rather long question title that needs to wrap nicely on a small phone screen",
        body="Here is a table:\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n\n```\n" + "x" * 200 + "\n```",
        tags=["mobile", "layout"],
    )
    answer = qa.answer(question, helper, body="A long unbroken word: " + "y" * 120)
    qa.comment(answer, asker, body="Thanks, works on my phone too.")
    page = new_page(phone=True)
    _sign_in(page, live_server, asker)
    page.goto(f"{live_server}/questions/{question.id}/{question.slug}")
    page.wait_for_selector(f"#answer-{answer.id}")
    page.screenshot(path="/tmp/shots/qa-question-phone.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert page.locator(".accept-button").is_visible()
