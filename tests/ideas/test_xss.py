"""Hostile text in idea titles, bodies, comments and official responses never becomes script."""

import pytest

from app.ideas import services, workflow

try:
    from tests.qa.xss_payloads import XSS_PAYLOADS, html_problems
except ImportError:  # pragma: no cover - the Q&A helper's list is the shared one
    XSS_PAYLOADS, html_problems = [], None

CHUNK = 12
CHUNKS = [XSS_PAYLOADS[i : i + CHUNK] for i in range(0, len(XSS_PAYLOADS), CHUNK)]


def _problems(html: str) -> list[str]:
    # Our own forms (vote, follow, sign out, language) are expected; injected ones are caught by count.
    return [p for p in html_problems(html, page=True) if p != "<form> tag"]


def test_there_are_enough_payloads():
    assert len(XSS_PAYLOADS) >= 100


@pytest.mark.parametrize("payloads", CHUNKS, ids=[f"payloads-{i * CHUNK}" for i in range(len(CHUNKS))])
def test_payloads_in_every_idea_field_stay_inert(client_for, ideas, make_user, pm, payloads):
    board = ideas.board()
    author = make_user()
    baseline = services.create_idea(author, board, title="A harmless idea", body="Plain body")
    services.add_comment(author, baseline, "plain comment")
    workflow.change_status(pm, baseline, "planned", "plain response")
    client = client_for(pm)
    expected_forms = client.get(f"/ideas/{baseline.id}").get_data(as_text=True).count("<form")
    for payload in payloads:
        idea = services.create_idea(author, board, title=f"Idea {payload}"[:200], body=payload)
        comment = services.add_comment(author, idea, payload)
        change = workflow.change_status(pm, idea, "planned", payload)
        for fragment in (idea.body_html, comment.body_html, change.response_html):
            assert not html_problems(fragment), (payload, fragment)
        page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
        assert not _problems(page), (payload, _problems(page))
        assert page.count("<form") == expected_forms, payload
    for path in (f"/ideas/b/{board.slug}", f"/ideas/b/{board.slug}/roadmap", "/ideas/manage"):
        page = client.get(path).get_data(as_text=True)
        assert not _problems(page), (path, _problems(page))


def test_csv_export_neutralises_formulas(client_for, ideas, pm):
    for title in ("=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)"):
        ideas.idea(title=title)
    csv_text = client_for(pm).get("/ideas/manage/export.csv").get_data(as_text=True)
    for line in csv_text.splitlines()[1:]:
        title = line.split(",", 3)[2].strip('"')
        assert title.startswith("'"), line


def test_board_names_and_descriptions_are_plain_text(client_for, ideas, pm):
    payload = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'
    board = ideas.board(name=f"Board {payload}", description=payload)
    assert "<" not in board.name and "<" not in board.description
    for path in ("/ideas/", f"/ideas/b/{board.slug}", f"/ideas/b/{board.slug}/roadmap", "/ideas/manage"):
        page = client_for(pm).get(path).get_data(as_text=True)
        assert not _problems(page), (path, _problems(page))
