"""A user creates a scoped API token on the settings page in real Chromium (desktop and phone)."""

import os

import pytest

from app.channels import tokens
from tests.channels.test_webhooks_browser import SHOTS, _sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_moderator_creates_and_revokes_a_token(live_server, new_page, make_user, phone):
    os.makedirs(SHOTS, exist_ok=True)
    suffix = "phone" if phone else "desktop"
    moderator = make_user(role="moderator")
    tokens.create_token(moderator, name="Nightly export", scopes=["read"], days=90)
    page = new_page(phone=phone)
    _sign_in(page, live_server, moderator)
    page.goto(f"{live_server}/account/tokens")
    page.fill("#name", "CRM sync")
    page.check("input[value=write]")
    page.check("input[value=moderate]")
    page.select_option("#days", "30")
    page.screenshot(path=f"{SHOTS}/tokens-form-{suffix}.png", full_page=True)
    page.click("section.card [type=submit]")
    plain = page.text_content("[data-token]")
    assert plain.startswith("kith_")
    page.screenshot(path=f"{SHOTS}/token-created-{suffix}.png", full_page=True)
    page.click("text=I have saved it")
    table = page.text_content("table.data")
    assert "CRM sync" in table and "moderate" in table and "Nightly export" in table
    page.screenshot(path=f"{SHOTS}/tokens-list-{suffix}.png", full_page=True)
    page.click("tr:has-text('Nightly export') button:has-text('Revoke')")
    page.wait_for_selector("text=Token revoked.")
    assert "Nightly export" not in page.text_content("table.data")
    assert page.console_errors == []
