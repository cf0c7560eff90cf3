"""Who may do what: every idea route and API endpoint, for each kind of person."""

import pytest

from app.ideas import workflow

ROLES = ("anonymous", "author", "customer", "moderator", "pm", "admin")
LOGIN = 302  # the web sends anonymous people to the sign-in page


def _row(anonymous, author, customer, moderator, pm, admin):
    return dict(zip(ROLES, (anonymous, author, customer, moderator, pm, admin), strict=True))


ALL_OK = _row(200, 200, 200, 200, 200, 200)
SIGNED_IN_REDIRECT = _row(LOGIN, 302, 302, 302, 302, 302)
TEAM_ONLY_WEB = _row(LOGIN, 403, 403, 403, 302, 302)
TEAM_ONLY_PAGE = _row(LOGIN, 403, 403, 403, 200, 200)

WEB = [
    ("get", "/ideas/", None, ALL_OK),
    ("get", "/ideas/b/{slug}", None, ALL_OK),
    ("get", "/ideas/b/{slug}/roadmap", None, ALL_OK),
    ("get", "/ideas/{idea}", None, ALL_OK),
    ("get", "/ideas/boards/new", None, _row(LOGIN, 403, 403, 403, 403, 200)),
    ("post", "/ideas/boards/new", {"name": "Another board"}, _row(LOGIN, 403, 403, 403, 403, 302)),
    ("get", "/ideas/b/{slug}/new", None, _row(LOGIN, 200, 200, 200, 200, 200)),
    ("post", "/ideas/b/{slug}/new", {"title": "A new idea"}, SIGNED_IN_REDIRECT),
    ("get", "/ideas/{idea}/edit", None, _row(LOGIN, 200, 403, 403, 200, 200)),
    ("post", "/ideas/{idea}/edit", {"title": "Edited title"}, _row(LOGIN, 302, 403, 403, 302, 302)),
    ("post", "/ideas/{idea}/vote", {"vote": "1"}, SIGNED_IN_REDIRECT),
    ("post", "/ideas/{idea}/follow", {"follow": "1"}, SIGNED_IN_REDIRECT),
    ("post", "/ideas/{idea}/comments", {"body": "Me too"}, SIGNED_IN_REDIRECT),
    ("post", "/ideas/{idea}/status", {"status": "planned"}, TEAM_ONLY_WEB),
    ("post", "/ideas/{idea}/merge", {"into": "{target}"}, TEAM_ONLY_WEB),
    ("post", "/ideas/merges/{merge}/undo", {}, TEAM_ONLY_WEB),
    # no such question: the people allowed to link get the 400 naming the field
    ("post", "/ideas/{idea}/links", {"question_id": "999999"}, _row(LOGIN, 403, 403, 400, 400, 400)),
    ("post", "/ideas/{idea}/links/999999/delete", {}, _row(LOGIN, 403, 403, 404, 404, 404)),
    ("get", "/ideas/manage", None, TEAM_ONLY_PAGE),
    ("get", "/ideas/manage/export.csv", None, TEAM_ONLY_PAGE),
    ("get", "/ideas/manage/export.json", None, TEAM_ONLY_PAGE),
]

API_TEAM = _row(401, 403, 403, 403, 200, 200)
API = [
    ("get", "/api/v1/boards", None, ALL_OK),
    ("post", "/api/v1/boards", {"name": "Board via API"}, _row(401, 403, 403, 403, 403, 201)),
    ("get", "/api/v1/boards/{slug}/roadmap", None, ALL_OK),
    ("get", "/api/v1/ideas", None, ALL_OK),
    ("post", "/api/v1/ideas", {"board": "{slug}", "title": "From the API"}, _row(401, 201, 201, 201, 201, 201)),
    ("get", "/api/v1/ideas/{idea}", None, ALL_OK),
    ("patch", "/api/v1/ideas/{idea}", {"title": "Edited via API"}, _row(401, 200, 403, 403, 200, 200)),
    ("post", "/api/v1/ideas/{idea}/vote", None, _row(401, 200, 200, 200, 200, 200)),
    ("delete", "/api/v1/ideas/{idea}/vote", None, _row(401, 200, 200, 200, 200, 200)),
    ("post", "/api/v1/ideas/{idea}/comments", {"body": "Via API"}, _row(401, 201, 201, 201, 201, 201)),
    ("post", "/api/v1/ideas/{idea}/status", {"status": "planned"}, API_TEAM),
    ("post", "/api/v1/ideas/{idea}/merge", {"into": "{target}"}, _row(401, 403, 403, 403, 201, 201)),
    ("post", "/api/v1/ideas/merges/{merge}/undo", None, API_TEAM),
    ("post", "/api/v1/ideas/{idea}/links", {"question_id": 999999}, _row(401, 403, 403, 400, 400, 400)),
    ("get", "/api/v1/ideas/demand", None, API_TEAM),
]


@pytest.fixture
def people(make_user, ideas):
    return {
        "anonymous": None,
        "author": make_user(),
        "customer": make_user(),
        "moderator": make_user(role="moderator"),
        "pm": ideas.pm,
        "admin": ideas.admin,
    }


def _world(ideas, people):
    """Fresh objects for one request, so an allowed change never spoils the next row."""
    board = ideas.board()
    idea = ideas.idea(board=board, author=people["author"])
    target, dup, other = ideas.idea(board=board), ideas.idea(board=board), ideas.idea(board=board)
    merge = workflow.merge(ideas.pm, dup, other.id)
    return {"slug": board.slug, "idea": idea.id, "target": target.id, "merge": merge.id}


def _fill(value, world):
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, str):
        filled = value.format(**world)
        return int(filled) if value.startswith("{") and filled.isdigit() and value != "{slug}" else filled
    return value


@pytest.mark.parametrize(("method", "path", "data", "expected"), WEB, ids=[f"{m} {p}" for m, p, _d, _e in WEB])
def test_web_routes(client_for, ideas, people, method, path, data, expected):
    got = {}
    for role in ROLES:
        world = _world(ideas, people)
        client = client_for(people[role])
        form = {k: str(v) for k, v in (_fill(data, world) or {}).items()}
        kwargs = {"data": form} if method == "post" else {}
        got[role] = getattr(client, method)(_fill(path, world), **kwargs).status_code
    assert got == expected


@pytest.mark.parametrize(("method", "path", "data", "expected"), API, ids=[f"{m} {p}" for m, p, _d, _e in API])
def test_api_endpoints(api_client, ideas, people, method, path, data, expected):
    got = {}
    for role in ROLES:
        world = _world(ideas, people)
        client = api_client(people[role])
        kwargs = {"json": _fill(data, world)} if data is not None else {}
        got[role] = getattr(client, method)(_fill(path, world), **kwargs).status_code
    assert got == expected
