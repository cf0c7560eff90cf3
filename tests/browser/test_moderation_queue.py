"""A moderator clears a spam wave from the review queue and undoes a wrong action, in real Chromium."""

import pytest

from app.extensions import db
from app.moderation import flags
from tests.qa.factories import QAFactories

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, user):
    page.goto(f"{live_server}/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", "correct horse battery")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_clear_a_spam_wave_and_undo_a_wrong_action(live_server, new_page, factories):
    qa = QAFactories(factories)
    spammer = factories.user(display_name="Best Dealz")
    reporter = factories.user(display_name="Rita Reporter")
    moderator = factories.user(role="moderator", display_name="Mo Moderator")
    posts = [qa.question(spammer, title=f"Cheap watches deal number {i}") for i in range(3)]
    flags.flag_post(reporter, "question", posts[0].id, reason="spam", note="Advertising")

    page = new_page(phone=True)
    _sign_in(page, live_server, moderator)
    page.goto(f"{live_server}/moderation/queue")
    item = page.locator(f"#review-question-{posts[0].id}")
    assert "Rita Reporter" in item.text_content() and "Advertising" in item.text_content()
    item.locator("text=Spam wave / suspend").click()

    page.select_option("#action", "hide")
    page.fill("#suspend_days", "7")
    page.fill("form[action$='/spam'] #reason", "Watch spam wave")
    page.click("form[action$='/spam'] button[type=submit]")
    page.wait_for_selector("text=Undo the whole batch")
    assert page.locator("table.audit-log tbody tr").count() == 4  # three hides and a suspension

    # One post was fine after all: undo just that hide.
    row = page.locator("table.audit-log tbody tr", has_text=f"Question #{posts[2].id}")
    row.locator("button:has-text('Undo')").click()
    page.wait_for_selector("text=The action was undone.")

    db.session.expire_all()
    assert [p.status for p in posts] == ["held", "held", "visible"]
    assert spammer.is_suspended
    page.goto(f"{live_server}/moderation/queue")
    assert "Nothing waits for review" in page.text_content("main")  # hidden on purpose: already reviewed
    assert not [e for e in page.console_errors if "socket" not in e.lower() and "Failed to load" not in e]
