"""The search page in a real browser: English and Chinese queries, desktop and phone."""

import os

import pytest

from tests.search.factories import SearchHelper

SHOTS = "/tmp/shots"


@pytest.fixture
def corpus(app, factories):
    with app.test_request_context():
        s = SearchHelper(factories)
        s.article("How to export invoices as CSV", "Open **Billing**, choose the period and press *Export CSV*.")
        s.article("客户满意度调查怎么导出", "在报表页面选择「客户满意度」，然后点击导出。")
        s.question("Exporting invoices fails with a timeout", body="The export runs for minutes and then stops.")
        s.question("帳單匯出後客戶滿意度報表是空的", body="軟體版本 3.2，登入後匯出報表沒有資料。")
        for i in range(12):
            s.article(f"Export tip number {i + 1}", "Another way to export your data.")
        s.drain()


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/search-{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_english_search_with_highlights_filters_and_pages(live_server, new_page, corpus, phone):
    page = new_page(phone=phone)
    page.goto(f"{live_server}/search")
    page.fill("input[name=q]", "exporting invoice")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-results")
    # a ranked OR: every export document is found, the two that match both words come first
    assert page.locator(".search-count").inner_text() == "14 results"
    top = page.locator(".search-title").all_inner_texts()[:2]
    assert top == ["How to export invoices as CSV", "Exporting invoices fails with a timeout"]
    first = page.locator(".search-result").first
    assert first.locator(".status-pill").first.inner_text() == "Article"  # articles rank first
    assert first.locator("mark").first.inner_text().lower() in {"export", "invoices"}
    _shot(page, "english-" + ("phone" if phone else "desktop"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(f"{live_server}/search?q=export&type=kb")
    assert page.locator(".search-count").inner_text() == "13 results"
    page.click("a[rel=next]")
    assert page.locator(".search-result").count() == 3
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_chinese_search_folds_traditional_and_simplified(live_server, new_page, corpus, phone):
    page = new_page(phone=phone)
    page.goto(f"{live_server}/search?q=客户满意度")
    assert page.locator(".search-count").inner_text() == "2 results"
    marks = page.locator(".search-results mark").all_inner_texts()
    assert "客戶滿意度" in marks and "客户满意度" in marks
    _shot(page, "chinese-" + ("phone" if phone else "desktop"))
    page.goto(f"{live_server}/search?q=账单 软件")
    assert page.locator(".search-title").all_inner_texts() == ["帳單匯出後客戶滿意度報表是空的"]
    assert page.console_errors == []


@pytest.mark.browser
def test_typo_shows_did_you_mean(live_server, page, corpus):
    page.goto(f"{live_server}/search?q=invoise")
    assert "Did you mean: invoice" in page.locator(".did-you-mean").inner_text()
    assert page.locator(".search-result").count() == 2


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_search_page_in_simplified_chinese_with_filters(live_server, new_page, corpus, phone):
    page = new_page(phone=phone)
    page.goto(f"{live_server}/search?q=導出&sort=newest")
    page.select_option("#locale-select", "zh_Hans")
    page.locator(".language-switcher button").click()
    page.wait_for_selector(".search-results")
    assert page.locator("h1").first.inner_text() == "搜索"
    assert page.locator(".search-count").inner_text() == "2 条结果"
    assert page.locator(".search-filters").get_attribute("open") is not None  # a non-default sort opens it
    assert page.locator("select[name=sort]").input_value() == "newest"
    _shot(page, "zh-hans-filters-" + ("phone" if phone else "desktop"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.console_errors == []
