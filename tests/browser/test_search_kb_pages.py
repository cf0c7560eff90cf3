"""Knowledge-base pages in a real browser: a moderator writes an article, everyone finds it."""

import os

import pytest

from app.core import events

SHOTS = "/tmp/shots"


def _sign_in(page, base, user):
    page.goto(f"{base}/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", "correct horse battery")
    page.click("form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_moderator_writes_an_article_that_search_finds(app, live_server, new_page, make_user, phone):
    moderator = make_user(role="moderator")
    page = new_page(phone=phone)
    _sign_in(page, live_server, moderator)
    page.goto(f"{live_server}/kb")
    page.click("text=Write an article")
    page.fill("#title", "Hi")
    page.fill("#body", "Too short a title.")
    page.click("#submit")
    assert "Use at least 5 characters." in page.locator(".field-error").inner_text()
    page.fill("#title", "帳單匯出 — export billing data")
    page.fill("#body", "Open **Billing** and press *Export*. 登入後即可匯出。")
    page.click("#submit")
    assert page.locator("h1").inner_text() == "帳單匯出 — export billing data"
    assert page.locator(".prose strong").inner_text() == "Billing"
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/kb-article-{'phone' if phone else 'desktop'}.png", full_page=True)
    with app.test_request_context():
        events.run_all_consumers()
    page.goto(f"{live_server}/search?q=账单导出")
    assert page.locator(".search-title").all_inner_texts() == ["帳單匯出 — export billing data"]
    page.goto(f"{live_server}/kb")
    page.screenshot(path=f"{SHOTS}/kb-list-{'phone' if phone else 'desktop'}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # The rejected form answers 400 on purpose; the browser logs that document load.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
