"""Nobody finds what they may not see: held, deleted and hidden posts stay out of results and counts."""

import pytest

from app.qa import services as qa
from app.qa.models import DELETED, HELD, VISIBLE
from tests.search.factories import set_status

SECRET = "zebracorn"


@pytest.fixture
def thread(s):
    q = s.question("Visible question about the zebracorn setting", body="Public body text here.")
    s.question("Another visible zebracorn question for the count", body="More public text.")
    return q


@pytest.mark.parametrize("status", [HELD, DELETED, "hidden"])
def test_hidden_held_and_deleted_questions_never_appear(s, thread, make_user, status):
    set_status(thread, status)
    for user in (None, make_user(), make_user(role="moderator"), make_user(role="admin")):
        titles, total, _page = s.search(SECRET, user=user)
        assert thread.title not in titles
        assert total == 1 == len(titles)


def test_deleting_through_the_service_removes_it(s, thread):
    qa.delete_question(thread.author, thread)
    titles, total, _ = s.search(SECRET)
    assert (thread.title in titles, total) == (False, 1)


def test_restored_question_comes_back(s, thread):
    set_status(thread, DELETED)
    assert s.search(SECRET)[1] == 1
    set_status(thread, VISIBLE, kind="question.restored")
    assert s.search(SECRET)[1] == 2


def test_a_held_or_deleted_answer_is_not_searchable_in_its_thread(s, thread, make_user):
    answer = qa.post_answer(make_user(), thread, body="The quokkafrost workaround is in the log.")
    assert s.search("quokkafrost")[1] == 1
    set_status(answer, HELD, kind="answer.hidden")
    titles, total, _ = s.search("quokkafrost")
    assert (titles, total) == ([], 0)


def test_deleted_comment_text_leaves_snippets(s, thread, make_user):
    comment = qa.add_comment(make_user(), "question", thread.id, body="The snowmeld trick worked for me.")
    assert s.search("snowmeld")[1] == 1
    qa.delete_comment(comment.author, comment)
    assert s.search("snowmeld")[1] == 0
    _titles, _total, page = s.search(SECRET)
    assert all("snowmeld" not in str(r.snippet_html) for r in page.results)


def test_results_are_rechecked_against_the_database_before_the_indexer_runs(s, thread):
    s.drain()
    thread.status = HELD  # changed without the indexer having seen it yet
    from app.extensions import db
    from app.search import services
    from app.search.base import Filters

    db.session.commit()
    page = services.search(SECRET, filters=Filters())
    assert thread.title not in [r.hit.title for r in page.results]
    assert page.total == 1


def test_a_new_held_question_is_never_indexed(s, thread, monkeypatch):
    from app.qa import reputation

    monkeypatch.setattr(reputation, "should_hold", lambda user, level: True)
    held = s.question("Held zebracorn question from a new account", body="Spam spam.")
    assert held.status == HELD
    titles, total, _ = s.search(SECRET)
    assert held.title not in titles
    assert total == 2 == len(titles)
