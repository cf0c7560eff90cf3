"""Who may use each moderation route and the flag endpoints: anonymous, customer, other customer, moderator, admin."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.moderation import services
from app.moderation.models import ModerationAction

VIEWERS = ("anonymous", "customer", "other", "moderator", "admin")


@pytest.fixture
def people(make_user, qa):
    author = make_user()
    question = qa.question(author)
    answer = qa.answer(question)
    moderator = make_user(role="moderator")
    services.moderate(moderator, "question", question.id, "pin")
    action = db.session.scalars(select(ModerationAction)).one()
    return {
        "question": question,
        "answer": answer,
        "action": action,
        "target": make_user(),
        "anonymous": None,
        "customer": author,
        "other": make_user(),
        "moderator": moderator,
        "admin": make_user(role="admin"),
        "product_manager": make_user(role="product_manager"),
    }


WEB = [
    ("get", "/moderation/queue", None, (302, 403, 403, 200, 200)),
    ("get", "/moderation/audit", None, (302, 403, 403, 200, 200)),
    ("post", "/moderation/posts/question/{qid}/lock", {}, (302, 403, 403, 302, None)),
    ("post", "/moderation/posts/answer/{aid}/hide", {"reason": "spam"}, (302, 403, 403, 302, None)),
    ("get", "/moderation/posts/answer/{aid}/edit", None, (302, 403, 403, 200, 200)),
    ("post", "/moderation/posts/answer/{aid}/edit", {"body": "Edited by staff"}, (302, 403, 403, 302, 302)),
    ("get", "/moderation/users/{uid}", None, (302, 403, 403, 200, 200)),
    ("post", "/moderation/users/{uid}/restrict", {"kind": "silence", "days": "2"}, (302, 403, 403, 302, None)),
    ("post", "/moderation/users/{uid}/spam", {"action": "hide"}, (302, 403, 403, 302, 302)),
    ("post", "/moderation/audit/{action}/undo", {}, (302, 403, 403, 302, None)),
    ("post", "/questions/{qid}/flag", {"reason": "spam"}, (302, 403, 302, 302, 302)),
]


def _fill(value: str, p) -> str:
    return (
        value.replace("{qid}", str(p["question"].id))
        .replace("{aid}", str(p["answer"].id))
        .replace("{uid}", str(p["target"].id))
        .replace("{action}", str(p["action"].id))
    )


@pytest.mark.parametrize(("method", "path", "data", "expected"), WEB, ids=[f"{m} {p}" for m, p, _d, _e in WEB])
def test_web_routes(people, client_for, method, path, data, expected):
    for viewer, status in zip(VIEWERS, expected, strict=True):
        if status is None:
            continue  # a second moderator repeating a one-time action is a 409, tested elsewhere
        response = getattr(client_for(people[viewer]), method)(_fill(path, people), data=data)
        assert response.status_code == status, f"{viewer}: {response.status_code}"


def test_product_managers_are_not_moderators(people, client_for):
    client = client_for(people["product_manager"])
    assert client.get("/moderation/queue").status_code == 403
    assert client.post(f"/moderation/posts/question/{people['question'].id}/lock").status_code == 403


@pytest.mark.parametrize("kind", ["questions", "answers"])
def test_flag_api(people, api_client, kind):
    post_id = people["question"].id if kind == "questions" else people["answer"].id
    path = f"/api/v1/{kind}/{post_id}/flags"
    assert api_client(None).post(path, json={"reason": "spam"}).status_code == 401
    other = api_client(people["other"])
    created = other.post(path, json={"reason": "needs_staff", "note": "Asks for a refund"})
    assert created.status_code == 201 and created.get_json()["reason"] == "needs_staff"
    assert other.post(path, json={"reason": "spam"}).status_code == 409
    bad = api_client(people["moderator"]).post(path, json={"reason": "boring"})
    assert bad.status_code == 400 and "reason" in bad.get_json()["error"]["fields"]
    missing = api_client(people["admin"]).post(f"/api/v1/{kind}/999999/flags", json={"reason": "spam"})
    assert missing.status_code == 404


def test_invalid_transitions_are_clear_4xx(people, client_for):
    client = client_for(people["moderator"])
    qid = people["question"].id
    merged = client.post(f"/moderation/posts/question/{qid}/merge", data={"into": str(qid)})
    assert merged.status_code == 400 and "merged into itself" in merged.get_data(as_text=True)
    assert client.post(f"/moderation/posts/question/{qid}/pin").status_code == 409  # already pinned
    assert client.post(f"/moderation/posts/question/{qid}/explode").status_code == 400
    assert client.post(f"/moderation/posts/question/{qid}/close", data={"close_reason": "nope"}).status_code == 400


@pytest.mark.config(QA_POST_RATE_LIMIT="2 per minute")
def test_flags_are_rate_limited(people, api_client, qa):
    client = api_client(people["other"])
    statuses = [
        client.post(f"/api/v1/questions/{qa.question().id}/flags", json={"reason": "spam"}).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
