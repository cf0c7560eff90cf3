"""Two people on one question in real Chromium: answers, typing and presence appear live, and a
page that lost its connection catches up with what it missed."""

import threading

import pytest

from app.core import events
from app.qa import services as qa_services
from tests.qa.factories import QAFactories

pytestmark = pytest.mark.browser


@pytest.fixture
def consumers(app):
    """Run the event consumers (relay included) in the background, as `make run` does."""
    stop = threading.Event()
    thread = threading.Thread(target=events.consumer_loop, args=(app, stop), daemon=True)
    thread.start()
    yield
    stop.set()
    events.wake_consumers()
    thread.join(timeout=5)


@pytest.fixture
def thread_page(app, factories, live_server, consumers):
    qa = QAFactories(factories)
    asker = factories.user(display_name="Asker")
    question = qa.question(asker, title="Why does the sync stop at night?")
    return question, f"{live_server}/questions/{question.id}/{question.slug}"


def _sign_in(page, live_server, user):
    page.goto(f"{live_server}/auth/login")
    page.fill("#login", user.email)
    page.fill("#password", "correct horse battery")
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def _live(page):
    page.wait_for_selector("[data-presence]", state="attached", timeout=10000)


def test_an_answer_posted_in_one_browser_appears_in_the_other(live_server, new_page, factories, thread_page):
    question, url = thread_page
    writer = factories.user(display_name="Wendy Writer")
    reader_page, writer_page = new_page(), new_page()
    _sign_in(writer_page, live_server, writer)
    reader_page.goto(url)  # anonymous reader of a public question
    writer_page.goto(url)
    _live(reader_page)
    _live(writer_page)
    reader_page.wait_for_selector("text=2 people viewing", timeout=10000)

    writer_page.fill("#your-answer textarea", "Check the power-saving schedule")
    reader_page.wait_for_selector("text=Wendy Writer is typing an answer…", timeout=10000)
    assert "typing" not in (writer_page.text_content("[data-typing]") or "")
    reader_page.screenshot(path="/tmp/shots/realtime-typing-desktop.png")

    writer_page.click("#your-answer button[type=submit]")
    reader_page.wait_for_selector("#answers >> text=Check the power-saving schedule", timeout=10000)
    assert reader_page.text_content("#answer-count").strip() == "1"
    assert reader_page.text_content("[data-typing]").strip() == ""
    assert reader_page.console_errors == [] and writer_page.console_errors == []


def test_a_page_that_lost_its_connection_gets_the_missed_answer(live_server, new_page, factories, thread_page):
    question, url = thread_page
    reader_page = new_page()
    reader_page.goto(url)
    _live(reader_page)
    reader_page.wait_for_selector("text=1 person viewing", timeout=10000)

    reader_page.context.set_offline(True)
    reader_page.wait_for_selector("text=Connection lost. Reconnecting…", timeout=10000)
    reader_page.set_viewport_size({"width": 390, "height": 844})
    reader_page.screenshot(path="/tmp/shots/realtime-offline-phone.png")
    qa_services.post_answer(factories.user(), question, body="Answer written while you were offline")
    reader_page.wait_for_timeout(1500)
    assert "while you were offline" not in reader_page.text_content("#answers")

    reader_page.context.set_offline(False)
    reader_page.wait_for_selector("#answers >> text=Answer written while you were offline", timeout=15000)
    reader_page.wait_for_selector("text=Connection restored.", timeout=10000)
    assert reader_page.text_content("#answer-count").strip() == "1"


def test_votes_and_the_accepted_answer_change_live(live_server, new_page, factories, thread_page):
    from app.qa import voting

    question, url = thread_page
    answer = qa_services.post_answer(factories.user(), question, body="Turn off the power saver")
    reader_page = new_page()
    reader_page.goto(url)
    _live(reader_page)
    reader_page.wait_for_timeout(1000)
    score = reader_page.locator(f'[data-score-for="answer-{answer.id}"]')
    assert score.text_content().strip() == "0"

    voting.vote(factories.user(), "answer", answer.id, 1)
    voting.vote(factories.user(), "answer", answer.id, 1)
    reader_page.wait_for_selector(f'[data-score-for="answer-{answer.id}"]:text-is("2")', timeout=10000)

    voting.accept_answer(question.author, answer)
    reader_page.wait_for_selector(f"#answer-{answer.id}[data-accepted]", timeout=10000)
    assert reader_page.console_errors == []
