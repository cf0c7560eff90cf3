"""A person signs up, signs out, signs in and sees the home page, with no console errors."""

import pytest

pytestmark = pytest.mark.browser


def test_sign_up_sign_in_and_home(live_server, page, tmp_path):
    page.goto(live_server + "/")
    page.click("text=Sign up")
    page.fill("#email", "browser@example.com")
    page.fill("#username", "browser")
    page.fill("#display_name", "Browser Person")
    page.fill("#password", "a long password")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Welcome, Browser Person!")
    page.click("text=Sign out")
    page.wait_for_selector("text=You are signed out on every device.")
    page.click(".nav-links >> text=Sign in")
    page.fill("#login", "browser@example.com")
    page.fill("#password", "a long password")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Signed in as Browser Person.")
    assert page.console_errors == []


def test_phone_layout_menu_and_language_switch(live_server, new_page):
    page = new_page(phone=True)
    page.goto(live_server + "/")
    assert not page.is_visible(".nav-links")
    page.click("label.nav-toggle-label")
    assert page.is_visible(".nav-links >> text=Sign in")
    page.select_option("#locale-select", "zh_Hant")
    page.click(".language-switcher button")
    page.wait_for_selector("text=歡迎來到 Kith 社群")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert page.console_errors == []
