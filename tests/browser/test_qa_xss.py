"""A question whose title, body and comments carry XSS payloads runs no script in real Chromium."""

import pytest

from tests.qa.factories import QAFactories
from tests.qa.xss_payloads import XSS_PAYLOADS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.config(QA_NEW_USER_POSTS_PER_HOUR=100_000, QA_NEW_USER_MAX_LINKS=1_000),
]


def test_hostile_question_runs_no_script(live_server, new_page, factories):
    qa = QAFactories(factories)
    author = factories.user(display_name="<img src=x onerror=alert('name')>")
    question = qa.question(author, title="<script>alert('title')</script> hostile", body="\n\n".join(XSS_PAYLOADS))
    answer = qa.answer(question, author, body="\n\n".join(reversed(XSS_PAYLOADS)))
    for payload in XSS_PAYLOADS:
        qa.comment(question, author, body=payload[:600])
        qa.comment(answer, author, body=payload[:600])
    page = new_page()
    page.goto(f"{live_server}/questions/{question.id}/{question.slug}")
    page.wait_for_selector(f"#answer-{answer.id}")
    page.mouse.move(300, 300)
    page.mouse.move(600, 500)
    for link in page.locator(".post-body a").all()[:20]:
        link.hover()
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert page.text_content("h1").strip() == "alert('title') hostile"  # markup stripped, text kept
    own_errors = [e for e in page.console_errors if "Failed to load resource" not in e]
    assert own_errors == [], own_errors
