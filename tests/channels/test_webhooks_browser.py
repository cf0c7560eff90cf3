"""An admin adds a webhook endpoint in real Chromium and reads its delivery log (desktop and phone)."""

import os

import pytest

from app.channels import delivery

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("KITH_SHOTS_DIR", "/tmp/shots/channels")


def _sign_in(page, base, user):
    page.goto(f"{base}/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", "correct horse battery")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_admin_adds_an_endpoint_and_sees_deliveries(live_server, new_page, admin, qa, receiver, drain_events, phone):
    os.makedirs(SHOTS, exist_ok=True)
    suffix = "phone" if phone else "desktop"
    page = new_page(phone=phone)
    _sign_in(page, live_server, admin)
    page.goto(f"{live_server}/admin/webhooks")
    page.fill("#url", receiver.url)
    page.fill("#description", "CRM sync")
    page.fill("#event_kinds", "question.created, answer.*")
    page.screenshot(path=f"{SHOTS}/webhooks-form-{suffix}.png", full_page=True)
    page.click("main form [type=submit]")
    secret = page.text_content("[data-secret]")
    assert secret.startswith("whsec_")
    page.screenshot(path=f"{SHOTS}/webhooks-secret-{suffix}.png", full_page=True)

    receiver.statuses = [500]
    qa.question(title="Can webhooks reach our CRM?")
    qa.question(title="A second question for the log")
    drain_events()
    delivery.deliver_due()
    page.click("text=I have saved it")
    page.wait_for_selector("text=Recent deliveries")
    log = page.text_content("table.data")
    assert "Retrying" in log and "HTTP 500" in log and "Delivered" in log
    assert secret not in page.content()
    page.screenshot(path=f"{SHOTS}/webhook-endpoint-{suffix}.png", full_page=True)
    page.goto(f"{live_server}/admin/webhooks")
    assert "CRM sync" in page.text_content("table.data")
    page.screenshot(path=f"{SHOTS}/webhooks-list-{suffix}.png", full_page=True)
    assert page.console_errors == []
