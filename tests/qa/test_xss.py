"""Every Q&A text field against the XSS payload table: stored and rendered HTML stay inert."""

import pytest

from app.auth import services as auth_services
from app.core.errors import ValidationError
from app.qa import services
from app.qa.text import normalize_tag
from tests.qa.xss_payloads import XSS_PAYLOADS, assert_safe_html, html_problems

pytestmark = pytest.mark.config(QA_NEW_USER_POSTS_PER_HOUR=100_000, QA_NEW_USER_MAX_LINKS=100)


def test_the_checker_catches_unsanitized_payloads():
    flagged = [p for p in XSS_PAYLOADS if html_problems(p)]
    assert len(flagged) >= 60  # raw HTML payloads are caught; Markdown ones only become HTML once rendered
    assert html_problems('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert html_problems("<img src=x onerror=alert(1)>")
    assert not html_problems('<a href="https://example.com" rel="nofollow ugc noopener">ok</a>')


def _page(client, question) -> str:
    response = client.get(f"/questions/{question.id}/{question.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_question_bodies_and_answers(qa, make_user, client_for):
    author = make_user()
    thread = qa.question(author, title="Holder of hostile answers")
    client = client_for(None)
    for payload in XSS_PAYLOADS:
        q = qa.question(author, title="Hostile body question", body=payload)
        assert_safe_html(q.body_html, context=f"stored body {payload!r}")
        assert_safe_html(_page(client, q), page=True, context=f"page body {payload!r}")
        answer = qa.answer(thread, author, body=payload)
        assert_safe_html(answer.body_html, context=f"stored answer {payload!r}")
    assert_safe_html(_page(client, thread), page=True, context="page with every hostile answer")
    api = client.get(f"/api/v1/questions/{thread.id}").get_json()
    for item in api["answers"]:
        assert_safe_html(item["body_html"], context="API answer body_html")


def test_titles(qa, make_user, client_for):
    author = make_user()
    client = client_for(None)
    for payload in XSS_PAYLOADS:
        try:
            q = qa.question(author, title=("XSS title " + payload)[:150])
        except ValidationError:
            continue  # e.g. nothing left after stripping: refused, which is safe
        assert_safe_html(_page(client, q), page=True, context=f"title page {payload!r}")
        assert_safe_html(client.get(f"/questions/{q.id}/{q.slug}/revisions").get_data(as_text=True), page=True)
    assert_safe_html(client.get("/questions").get_data(as_text=True), page=True, context="list of hostile titles")
    assert_safe_html(client.get("/").get_data(as_text=True), page=True, context="home with hostile titles")


def test_comments(qa, make_user, client_for):
    author = make_user()
    q = qa.question(author, title="Holder of hostile comments")
    a = qa.answer(q, author)
    for payload in XSS_PAYLOADS:
        for post in (q, a):
            comment = qa.comment(post, author, body=payload[:600])
            assert_safe_html(comment.body_html, context=f"stored comment {payload!r}")
    assert_safe_html(_page(client_for(None), q), page=True, context="page with every hostile comment")


def test_tags(qa, make_user, client_for):
    author = make_user()
    client = client_for(None)
    accepted = 0
    for payload in XSS_PAYLOADS:
        try:
            name = normalize_tag(payload)
        except ValidationError:
            continue
        accepted += 1
        q = qa.question(author, title="Question with a hostile tag", tags=[name])
        assert_safe_html(_page(client, q), page=True, context=f"tag {payload!r}")
        response = client.get(f"/tags/{q.tags[0].name}")
        assert_safe_html(response.get_data(as_text=True), page=True, context=f"tag page {payload!r}")
    assert accepted < len(XSS_PAYLOADS)  # most are refused by the tag rules


def test_display_names(qa, make_user, client_for):
    client = client_for(None)
    space = qa.space()
    holder = qa.question(make_user(), space=space, title="Holder of hostile names")
    for n, payload in enumerate(XSS_PAYLOADS):
        user = auth_services.register_user(
            email=f"xss{n}@example.com", username=f"xss{n}", password="long enough pw", display_name=payload[:64]
        )
        q = services.ask_question(user, title="Question by a hostile name", body="body", space=space)
        qa.comment(holder, user, body="hi")
        assert_safe_html(_page(client, q), page=True, context=f"display name {payload!r}")
    assert_safe_html(_page(client, holder), page=True, context="comments by hostile names")
    assert_safe_html(client.get("/questions").get_data(as_text=True), page=True)
