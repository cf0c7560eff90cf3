"""A follows a question, B answers it, A sees the badge count and the notification."""

import pytest

from app.notifications import follows
from tests.factories import PASSWORD
from tests.notifications.factories import follow
from tests.qa.factories import QAFactories

pytestmark = pytest.mark.browser


def _sign_in(page, base, user):
    page.goto(base + "/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Signed in.")


def test_follower_sees_badge_and_notification_after_an_answer(
    app, live_server, new_page, factories, make_user, drain_events
):
    qa = QAFactories(factories)
    ann = make_user(display_name="Ann Follower")
    bob = make_user(display_name="Bob Answerer")
    with app.test_request_context():
        question = qa.question(make_user(), title="Where do I find the audit log export?")
    drain_events()
    path = f"/questions/{question.id}"

    page_a = new_page()
    _sign_in(page_a, live_server, ann)
    page_a.goto(live_server + path)
    if page_a.locator("form.follow-form button").count():  # the Q&A page shows the follow button
        page_a.click("form.follow-form button")
        page_a.wait_for_selector("form.follow-form button[aria-pressed=true]")
    else:
        follow(ann, "question", question.id)
    assert follows.is_following(ann, "question", question.id)
    assert page_a.locator("[data-unread-count]").is_hidden()

    page_b = new_page(phone=True)
    _sign_in(page_b, live_server, bob)
    page_b.goto(live_server + path)
    page_b.fill("#your-answer textarea[name=body]", "Settings → Security → Audit log → Export. It takes a minute.")
    page_b.click("#your-answer button[type=submit]")
    page_b.wait_for_selector("text=It takes a minute.")
    drain_events()

    page_a.goto(live_server + "/notifications/")
    assert page_a.inner_text("[data-unread-count]").strip() == "1"
    item = page_a.locator(".notification.is-unread")
    assert item.count() == 1
    assert "Bob Answerer answered: Where do I find the audit log export?" in item.inner_text()
    page_a.click(".notification.is-unread .notification-link")
    page_a.wait_for_url(f"**{path}**")
    assert page_a.locator("[data-unread-count]").is_hidden()
    assert page_a.console_errors == [] and page_b.console_errors == []
