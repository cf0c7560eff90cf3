"""The question page runs a small fixed number of SQL queries whatever the thread's size."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db
from app.qa import voting


@contextmanager
def count_queries():
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _thread(qa, make_user, answers: int, comments: int):
    asker = make_user()
    helpers = [make_user(role="moderator") for _ in range(3)]
    q = qa.question(asker, tags=["one", "two", "three"])
    posted = [qa.answer(q, helpers[i % 3], body=f"Answer **{i}**") for i in range(answers)]
    targets = [q, *posted]
    for i in range(comments):
        qa.comment(targets[i % len(targets)], helpers[i % 3], body=f"comment {i}")
    voting.accept_answer(asker, posted[-1])
    voting.vote(helpers[0], "question", q.id, 1)
    return q, asker, helpers


@pytest.mark.config(PAGE_CACHE_ENABLED=False)  # measure rendering, not the anonymous page cache
@pytest.mark.parametrize("signed_in", [False, True])
def test_question_page_queries_do_not_grow_with_the_thread(qa, make_user, client_for, signed_in):
    small, asker_s, helpers_s = _thread(qa, make_user, answers=1, comments=1)
    big, asker_b, helpers_b = _thread(qa, make_user, answers=50, comments=100)
    counts = {}
    for q, viewer in ((small, helpers_s[1]), (big, helpers_b[1])):
        client = client_for(viewer if signed_in else None)
        url = f"/questions/{q.id}/{q.slug}"
        client.get(url)  # warm-up (first request loads translations, templates)
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts[q.id] = len(statements)
        page = response.get_data(as_text=True)
        assert page.count('class="post answer-post') == (1 if q is small else 50)
        assert page.count('<li id="comment-') == (1 if q is small else 100)
    assert counts[small.id] == counts[big.id], counts
    assert counts[big.id] <= 12, counts
    print("question page queries:", counts)


def test_question_api_is_also_constant(qa, make_user, client_for):
    big, *_ = _thread(qa, make_user, answers=50, comments=100)
    client = client_for(None)
    client.get(f"/api/v1/questions/{big.id}")
    with count_queries() as statements:
        response = client.get(f"/api/v1/questions/{big.id}")
    assert len(response.get_json()["answers"]) == 50
    assert len(statements) <= 12
