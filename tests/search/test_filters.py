"""Filters, sorting and pagination on the search page's service, and the domains it covers."""

import pytest

from app.qa import services as qa
from app.qa import voting
from tests.ideas.factories import IdeaFactories
from tests.qa.factories import QAFactories


@pytest.fixture
def content(s, factories, make_user):
    qaf = QAFactories(factories)
    billing, mobile = qaf.space(name="Billing", slug="billing"), qaf.space(name="Mobile app", slug="mobile")
    solved = s.question("Refund lighthouse for annual plan", space=billing, tags=["refunds"])
    answer = qa.post_answer(make_user(), solved, body="Ask support for a lighthouse refund.")
    voting.accept_answer(solved.author, answer)
    open_q = s.question("Lighthouse crash on the phone", space=mobile, tags=["crash"])
    ideaf = IdeaFactories(factories)
    board = ideaf.board(name="Roadmap", slug="roadmap")
    idea = ideaf.idea(board=board, title="Dark mode for the lighthouse dashboard", body="Please add it.")
    article = s.article("Lighthouse guide", "How the lighthouse works.")
    return {"solved": solved, "open": open_q, "idea": idea, "article": article}


def test_all_three_kinds_are_found(s, content):
    titles, total, page = s.search("lighthouse")
    assert total == 4
    assert {r.hit.kind for r in page.results} == {"question", "idea", "kb"}
    assert all(r.hit.url for r in page.results if r.hit.kind != "idea")  # the ideas pages may come later


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": "question"}, {"solved", "open"}),
        ({"type": "idea"}, {"idea"}),
        ({"type": "kb"}, {"article"}),
        ({"space": "billing"}, {"solved"}),
        ({"tag": "crash"}, {"open"}),
        ({"solved": False}, {"open"}),
        ({"status": "open"}, {"idea"}),
        ({"status": "planned"}, set()),
    ],
)
def test_filters(s, content, filters, expected):
    titles = set(s.titles("lighthouse", **filters))
    assert titles == {content[k].title for k in expected}


def test_solved_filter(s, content):
    assert s.titles("lighthouse", solved=True) == [content["solved"].title]


def test_sort_newest_and_votes(s, content, make_user):
    newest = s.titles("lighthouse", type="question", sort="newest")
    assert newest == [content["open"].title, content["solved"].title]
    voting.vote(make_user(), "question", content["solved"].id, 1)
    assert s.titles("lighthouse", type="question", sort="votes") == [content["solved"].title, content["open"].title]


def test_pagination_counts_every_page(s):
    for i in range(13):
        s.article(f"Pagination otter article {i:02d}", "Otters everywhere.")
    first = s.search("otter", sort="newest")
    second = s.search("otter", sort="newest", page=2)
    assert (first[1], len(first[0]), second[1], len(second[0])) == (13, 10, 13, 3)
    assert not set(first[0]) & set(second[0])
    assert (first[2].pages, first[2].has_next, second[2].has_prev) == (2, True, True)


def test_editing_a_question_reindexes_it(s, content):
    q = content["open"]
    qa.edit_question(q.author, q, title="Puffin crash on the phone")
    assert s.titles("puffin") == ["Puffin crash on the phone"]
    assert q.title not in s.titles("lighthouse")


def test_an_answer_makes_its_question_findable_by_the_answer_text(s, content, make_user):
    qa.post_answer(make_user(), content["open"], body="Clearing the narwhal cache fixes it.")
    assert s.titles("narwhal") == [content["open"].title]


def test_similar_questions_while_typing(s, content):
    from app.search.services import similar

    s.drain()
    hits = similar("my lighthouse keeps crashing", limit=3)
    assert hits and hits[0].title in {content["open"].title, content["article"].title}
    assert all(h.kind in ("question", "kb") for h in hits)


def test_similar_questions_come_from_search_as_question_rows(s, content):
    from app.qa.queries import similar_questions

    s.drain()
    found = similar_questions("lighthouse crashes on my phone", limit=2)
    assert found and found[0].id == content["open"].id
    assert all(type(q).__name__ == "Question" for q in found)
