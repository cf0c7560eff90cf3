"""Who may do what: every Q&A page, form and API endpoint for each kind of caller.

Callers: anonymous, the customer who owns the thread, another customer, a moderator, an admin.
"login" means a redirect to the sign-in page; "ok" a redirect elsewhere (the action happened).
"""

import pytest

from app.qa import services

ROLES = ("anonymous", "owner", "other", "moderator", "admin")
ALL_200 = (200,) * 5
ALL_OK_SIGNED_IN = ("login", "ok", "ok", "ok", "ok")

WEB = [
    ("GET", "/questions", None, None, ALL_200),
    ("GET", "/spaces", None, None, ALL_200),
    ("GET", "/spaces/general", None, None, ALL_200),
    ("GET", "/tags/tag1", None, None, ALL_200),
    ("GET", "/questions/{q}/{slug}", None, None, ALL_200),
    ("GET", "/questions/{q}", None, None, (301,) * 5),
    ("GET", "/questions/{q}/{slug}", None, "held", (404, 200, 404, 200, 200)),
    ("GET", "/questions/{q}/{slug}", None, "deleted_q", (404, 404, 404, 200, 200)),
    ("GET", "/questions/{q}/revisions", None, None, ALL_200),
    ("GET", "/answers/{a}/revisions", None, None, ALL_200),
    ("GET", "/questions/{q}/revisions", None, "deleted_q", (404, 404, 404, 200, 200)),
    ("GET", "/questions/ask", None, None, ("login", 200, 200, 200, 200)),
    ("POST", "/questions/ask", {"title": "A new question title", "body": "b", "space": "{space}"}, None, ALL_OK_SIGNED_IN),
    ("POST", "/questions/{q}/answers", {"body": "An answer"}, None, ALL_OK_SIGNED_IN),
    ("POST", "/questions/{q}/answers", {"body": "An answer"}, "held", ("login", 400, 404, 400, 400)),
    ("POST", "/questions/{q}/comments", {"body": "A comment"}, None, ALL_OK_SIGNED_IN),
    ("POST", "/answers/{a}/comments", {"body": "A comment"}, None, ALL_OK_SIGNED_IN),
    ("POST", "/questions/{q}/vote", {"value": "1"}, None, ("login", 403, "ok", "ok", "ok")),
    ("POST", "/answers/{a}/vote", {"value": "-1"}, None, ("login", 403, "ok", "ok", "ok")),
    ("POST", "/answers/{a}/vote", {"value": "1"}, "deleted_a", ("login", 409, 409, 409, 409)),
    ("POST", "/answers/{a}/accept", None, None, ("login", "ok", 403, "ok", "ok")),
    ("POST", "/questions/{q}/unaccept", None, "accepted", ("login", "ok", 403, "ok", "ok")),
    ("POST", "/questions/{q}/me-too", None, None, ("login", 403, "ok", "ok", "ok")),
    ("GET", "/questions/{q}/edit", None, None, ("login", 200, 403, 200, 200)),
    ("POST", "/questions/{q}/edit", {"title": "Edited title here", "body": "b", "space": "{space}"}, None,
     ("login", "ok", 403, "ok", "ok")),
    ("GET", "/answers/{a}/edit", None, None, ("login", 200, 403, 200, 200)),
    ("POST", "/answers/{a}/edit", {"body": "Edited answer"}, None, ("login", "ok", 403, "ok", "ok")),
    ("POST", "/questions/{q}/delete", None, None, ("login", "ok", 403, "ok", "ok")),
    ("POST", "/answers/{a}/delete", None, None, ("login", "ok", 403, "ok", "ok")),
    ("POST", "/comments/{c}/delete", None, None, ("login", "ok", 403, "ok", "ok")),
    ("POST", "/questions/{q}/restore", None, "deleted_q", ("login", 404, 404, "ok", "ok")),
    ("POST", "/answers/{a}/restore", None, "deleted_a", ("login", 404, 404, "ok", "ok")),
    ("POST", "/comments/{c}/restore", None, "deleted_c", ("login", 404, 404, "ok", "ok")),
    ("GET", "/admin/spaces", None, None, ("login", 403, 403, 403, 200)),
    ("POST", "/admin/spaces", {"name": "New space"}, None, ("login", 403, 403, 403, "ok")),
    ("GET", "/admin/spaces/{space}/edit", None, None, ("login", 403, 403, 403, 200)),
    ("POST", "/admin/spaces/{space}/edit", {"name": "Renamed"}, None, ("login", 403, 403, 403, "ok")),
]  # fmt: skip

API = [
    ("GET", "/api/v1/spaces", None, None, ALL_200),
    ("POST", "/api/v1/spaces", {"name": "New space"}, None, (401, 403, 403, 403, 201)),
    ("GET", "/api/v1/questions", None, None, ALL_200),
    ("POST", "/api/v1/questions", {"title": "A new question title", "body": "b", "space": "general"}, None,
     (401, 201, 201, 201, 201)),
    ("GET", "/api/v1/questions/{q}", None, None, ALL_200),
    ("GET", "/api/v1/questions/{q}", None, "held", (404, 200, 404, 200, 200)),
    ("GET", "/api/v1/questions/{q}", None, "deleted_q", (404, 404, 404, 200, 200)),
    ("PATCH", "/api/v1/questions/{q}", {"title": "Edited title here"}, None, (401, 200, 403, 200, 200)),
    ("DELETE", "/api/v1/questions/{q}", None, None, (401, 204, 403, 204, 204)),
    ("POST", "/api/v1/questions/{q}/restore", None, "deleted_q", (401, 404, 404, 200, 200)),
    ("POST", "/api/v1/questions/{q}/answers", {"body": "An answer"}, None, (401, 201, 201, 201, 201)),
    ("GET", "/api/v1/answers/{a}", None, None, ALL_200),
    ("GET", "/api/v1/answers/{a}", None, "deleted_a", (404, 404, 404, 200, 200)),
    ("PATCH", "/api/v1/answers/{a}", {"body": "Edited"}, None, (401, 200, 403, 200, 200)),
    ("DELETE", "/api/v1/answers/{a}", None, None, (401, 204, 403, 204, 204)),
    ("POST", "/api/v1/answers/{a}/restore", None, "deleted_a", (401, 404, 404, 200, 200)),
    ("POST", "/api/v1/questions/{q}/vote", {"value": 1}, None, (401, 403, 200, 200, 200)),
    ("POST", "/api/v1/answers/{a}/vote", {"value": 1}, None, (401, 403, 200, 200, 200)),
    ("POST", "/api/v1/answers/{a}/vote", {"value": 1}, "deleted_a", (401, 409, 409, 409, 409)),
    ("POST", "/api/v1/answers/{a}/accept", None, None, (401, 200, 403, 200, 200)),
    ("POST", "/api/v1/questions/{q}/comments", {"body": "A comment"}, None, (401, 201, 201, 201, 201)),
    ("POST", "/api/v1/answers/{a}/comments", {"body": "A comment"}, None, (401, 201, 201, 201, 201)),
    ("DELETE", "/api/v1/comments/{c}", None, None, (401, 204, 403, 204, 204)),
    ("POST", "/api/v1/questions/{q}/me-too", None, None, (401, 403, 200, 200, 200)),
    ("GET", "/api/v1/questions/similar?title=question", None, None, ALL_200),
    ("POST", "/api/v1/questions/similar/clicks", {"question_id": "{q}"}, None, (204,) * 5),
]  # fmt: skip


def _world(qa, users, state):
    owner = users["owner"]
    space = users["space"]
    q = qa.question(owner, space=space, tags=["tag1"])
    a = qa.answer(q, owner)
    c = qa.comment(q, owner)
    if state == "held":
        q.status = "held"
    elif state == "deleted_q":
        services.delete_question(owner, q)
    elif state == "deleted_a":
        services.delete_answer(owner, a)
    elif state == "deleted_c":
        services.delete_comment(owner, c)
    elif state == "accepted":
        from app.qa import voting

        voting.accept_answer(owner, a)
    from app.extensions import db

    db.session.commit()
    return {"q": q.id, "a": a.id, "c": c.id, "slug": q.slug, "space": space.id}


@pytest.fixture
def users(make_user, qa):
    space = qa.space("General", slug="general")
    return {
        "space": space,
        "anonymous": None,
        "owner": make_user(),
        "other": make_user(),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }


def _fill(value, ids):
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value == "{q}" else filled
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "data", "state", "expected"), WEB, ids=[f"{r[0]} {r[1]} {r[3] or ''}" for r in WEB]
)
def test_web_routes(qa, users, client_for, method, path, data, state, expected):
    for role, want in zip(ROLES, expected, strict=True):
        ids = _world(qa, users, state)
        client = client_for(users[role])
        response = client.open(path.format(**ids), method=method, data=_fill(data, ids))
        location = response.headers.get("Location", "")
        got = response.status_code
        if got == 302 and want != 302:
            got = "login" if "/auth/login" in location else "ok"
        assert got == want, f"{role}: {method} {path} [{state}] gave {response.status_code} {location}"


@pytest.mark.parametrize(
    ("method", "path", "data", "state", "expected"), API, ids=[f"{r[0]} {r[1]} {r[3] or ''}" for r in API]
)
def test_api_endpoints(qa, users, api_client, method, path, data, state, expected):
    for role, want in zip(ROLES, expected, strict=True):
        ids = _world(qa, users, state)
        client = api_client(users[role])
        response = client.open(path.format(**ids), method=method, json=_fill(data, ids))
        assert response.status_code == want, f"{role}: {method} {path} [{state}] gave {response.status_code}"
        if want >= 400:
            assert response.get_json()["error"]["code"]
