"""Search analytics in a real browser: a search and a result click show up on the admin report."""

import os

import pytest

from tests.factories import PASSWORD
from tests.search.factories import SearchHelper

SHOTS = os.environ.get("KITH_SHOTS_DIR", "/tmp/shots") + "/sanalytics"


def _sign_in(page, base, user):
    page.goto(f"{base}/auth/login")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/auth/login" not in url)


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_searches_and_clicks_reach_the_admin_report(live_server, new_page, app, factories, phone):
    with app.test_request_context():
        s = SearchHelper(factories)
        question = s.question("Exporting invoices fails with a timeout", body="The export runs and then stops.")
        s.drain()
    admin = factories.user(role="admin")
    page = new_page(phone=phone)
    for query in ("帳單匯出", "账单导出", "ＳＳＯ login", "exporting invoices", "exporting invoice"):
        page.goto(f"{live_server}/search?q={query}")
    page.locator(".search-title").first.click()  # clicks "exporting invoice"'s first result
    page.wait_for_url(f"**/questions/{question.id}**")
    _sign_in(page, live_server, admin)
    page.goto(f"{live_server}/admin/search")
    no_results = page.locator("#no-results tbody tr td.query").all_inner_texts()
    # As typed (the commonest spelling), then the normalised form the rows are grouped by.
    assert [" ".join(t.split()) for t in no_results] == ["帳單匯出 账单导出", "ＳＳＯ login sso login"]
    assert page.locator("#no-results tbody tr td.count").all_inner_texts() == ["2", "1"]
    assert page.locator("#no-clicks tbody tr td.query").all_inner_texts() == ["exporting invoices"]
    assert page.locator("#results-ctr").inner_text().startswith("50.0%")
    _shot(page, "admin-search-" + ("phone" if phone else "desktop"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.select_option("#locale-select", "zh_Hant")
    page.locator(".language-switcher button").click()
    page.wait_for_selector("text=搜尋分析")
    _shot(page, "admin-search-zh-hant-" + ("phone" if phone else "desktop"))
    assert page.console_errors == []
