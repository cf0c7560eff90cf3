"""The anonymous thread-page cache: reused only while nothing changed, never for anyone else."""

import re

import pytest

from app.moderation import services as moderation
from app.qa import voting
from tests.qa.test_query_count import count_queries


@pytest.fixture
def thread(qa, make_user):
    asker = make_user()
    question = qa.question(asker, title="Which cache keeps pages fresh?", body="Tell me about caches.")
    answers = [qa.answer(question, make_user(), body=f"Cached answer {n}") for n in range(3)]
    return question, asker, answers


def _url(question) -> str:
    return f"/questions/{question.id}/{question.slug}"


def _page(client, question, **headers) -> str:
    response = client.get(_url(question), headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_repeated_anonymous_view_is_served_from_the_cache(client_for, thread):
    question, *_ = thread
    client = client_for(None)
    first = _page(client, question)
    with count_queries() as statements:
        response = client.get(_url(question))
    assert len(statements) <= 1, statements  # only the event log's newest id
    assert "Cached answer 2" in response.get_data(as_text=True) and "Cached answer 2" in first


def test_each_response_gets_its_own_nonce_and_a_working_csrf_token(client_for, thread):
    question, *_ = thread
    _page(client_for(None), question)  # fills the cache
    client = client_for(None)
    response = client.get(_url(question))
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    html = response.get_data(as_text=True)
    assert html.count(f'nonce="{nonce}"') == html.count("nonce=") >= 1
    assert "\x00" not in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if token:  # the language switcher posts with this visitor's own token
        from flask_wtf.csrf import validate_csrf

        with client.session_transaction() as saved:
            session_token = saved["csrf_token"]
        with client.application.test_request_context():
            from flask import session

            session["csrf_token"] = session_token
            validate_csrf(token.group(1))  # raises if the token belongs to another session


@pytest.mark.parametrize("change", ["answer", "comment", "vote", "hide", "edit"])
def test_every_change_to_the_thread_shows_at_once(client_for, qa, make_user, thread, change):
    question, asker, answers = thread
    client = client_for(None)
    assert "Cached answer 1" in _page(client, question)
    moderator = make_user(role="moderator")
    if change == "answer":
        qa.answer(question, make_user(), body="A brand new answer")
        expected, gone = "A brand new answer", None
    elif change == "comment":
        qa.comment(answers[0], make_user(), body="A fresh comment here")
        expected, gone = "A fresh comment here", None
    elif change == "vote":
        voting.vote(moderator, "answer", answers[2].id, 1)
        expected, gone = None, None
    elif change == "hide":
        moderation.moderate(moderator, "answer", answers[1].id, "hide", reason="spam")
        expected, gone = None, "Cached answer 1"
    else:
        from app.qa import services

        services.edit_question(asker, question, title=question.title, body="An edited body about caches.")
        expected, gone = "An edited body about caches.", "Tell me about caches."
    page = _page(client, question)
    if expected:
        assert expected in page
    if gone:
        assert gone not in page
    if change == "vote":
        score = re.search(rf'id="answer-{answers[2].id}".*?class="score[^"]*"[^>]*>\s*(-?\d+)', page, re.S)
        assert score and score.group(1) == "1", page[:200]


def test_staff_and_signed_in_viewers_never_get_the_anonymous_copy(client_for, make_user, thread):
    question, asker, answers = thread
    moderator, voter = make_user(role="moderator"), make_user(role="moderator")
    moderation.moderate(moderator, "answer", answers[1].id, "hide", reason="spam")
    voting.vote(voter, "answer", answers[0].id, 1)
    # sign in first: a sign-in records an event, which alone would miss the cached copy
    staff_client, voter_client, anonymous = client_for(moderator), client_for(voter), client_for(None)
    for signed_in in (staff_client, voter_client):
        signed_in.get("/")  # shows (and so clears) the "signed in" notice
    page = _page(anonymous, question)
    assert "Cached answer 1" not in page and "mod-tools" not in page
    assert 'class="vote-button voted"' not in page
    staff = _page(staff_client, question)
    assert "Cached answer 1" in staff and "mod-tools" in staff  # the held post and the tools
    assert 'class="vote-button voted"' in _page(voter_client, question)  # their own vote, pressed
    again = _page(anonymous, question)
    assert "Cached answer 1" not in again and "mod-tools" not in again


def test_each_language_has_its_own_entry(client_for, thread):
    question, *_ = thread
    english = _page(client_for(None), question, **{"Accept-Language": "en"})
    chinese = _page(client_for(None), question, **{"Accept-Language": "zh-CN"})
    assert '<html lang="en"' in english and '<html lang="zh-Hans"' in chinese
    assert '<html lang="en"' in _page(client_for(None), question, **{"Accept-Language": "en"})


def test_a_flashed_message_is_shown_not_cached(client_for, thread):
    question, *_ = thread
    client = client_for(None)
    _page(client, question)
    with client.session_transaction() as saved:
        saved["_flashes"] = [("info", "A one-time notice")]
    assert "A one-time notice" in _page(client, question)
    assert "A one-time notice" not in _page(client_for(None), question)
