"""The Q&A rows of the JSON API."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.qa.models import Answer, Question


@pytest.fixture
def setup(qa, make_user, api_client):
    qa.space("Billing", slug="billing")
    alice, bob = make_user(), make_user()
    return alice, bob, api_client(alice), api_client(bob)


def test_ask_list_get_edit_delete(setup, api_client):
    alice, bob, as_alice, as_bob = setup
    response = as_alice.post("/api/v1/questions", json={"title": "How do refunds work?", "body": "**Please** help",
                                                        "space": "billing", "tags": ["refunds"]})  # fmt: skip
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["body_html"].strip() == "<p><strong>Please</strong> help</p>" and created["tags"] == ["refunds"]
    qid = created["id"]
    listing = api_client(None).get("/api/v1/questions?space=billing&tag=refunds&status=unanswered&sort=active")
    assert [q["id"] for q in listing.get_json()["questions"]] == [qid]
    assert listing.get_json()["total"] == 1
    patch = as_alice.patch(f"/api/v1/questions/{qid}", json={"title": "How do refunds work exactly?"})
    assert patch.status_code == 200 and patch.get_json()["title"] == "How do refunds work exactly?"
    assert as_bob.patch(f"/api/v1/questions/{qid}", json={"title": "Bob was here and edited"}).status_code == 403
    assert as_bob.delete(f"/api/v1/questions/{qid}").status_code == 403
    assert as_alice.delete(f"/api/v1/questions/{qid}").status_code == 204
    assert api_client(None).get(f"/api/v1/questions/{qid}").status_code == 404


def test_answer_comment_vote_accept(setup, api_client):
    alice, bob, as_alice, as_bob = setup
    qid = as_alice.post("/api/v1/questions", json={"title": "Where are my invoices?", "body": "Cannot find them",
                                                   "space": "billing"}).get_json()["id"]  # fmt: skip
    answer = as_bob.post(f"/api/v1/questions/{qid}/answers", json={"body": "Under *Billing*."})
    assert answer.status_code == 201
    aid = answer.get_json()["id"]
    assert as_alice.post(f"/api/v1/answers/{aid}/comments", json={"body": "Thanks"}).status_code == 201
    assert as_bob.post(f"/api/v1/questions/{qid}/comments", json={"body": "Which plan?"}).status_code == 201
    assert as_alice.post(f"/api/v1/answers/{aid}/vote", json={"value": 1}).get_json()["score"] == 1
    assert as_bob.post(f"/api/v1/questions/{qid}/vote", json={"value": -1}).get_json()["score"] == -1
    own = as_bob.post(f"/api/v1/answers/{aid}/vote", json={"value": 1})
    assert own.status_code == 403 and own.get_json()["error"]["code"] == "own_post"
    assert as_bob.post(f"/api/v1/answers/{aid}/accept").status_code == 403
    accepted = as_alice.post(f"/api/v1/answers/{aid}/accept")
    assert accepted.status_code == 200 and accepted.get_json()["solved"] is True
    thread = api_client(None).get(f"/api/v1/questions/{qid}").get_json()
    assert thread["answers"][0]["accepted"] and thread["answers"][0]["comments"][0]["body"] == "Thanks"
    assert thread["comments"][0]["body"] == "Which plan?"
    assert as_bob.post(f"/api/v1/questions/{qid}/me-too").get_json()["me_too_count"] == 1


def test_idempotency_key_header_creates_one_question(setup):
    alice, bob, as_alice, as_bob = setup
    body = {"title": "Retried request question", "body": "Once only", "space": "billing"}
    headers = {"Idempotency-Key": "3f1c9a4e-retry-key"}
    first = as_alice.post("/api/v1/questions", json=body, headers=headers)
    second = as_alice.post("/api/v1/questions", json=body, headers=headers)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert db.session.scalar(select(func.count(Question.id))) == 1
    qid = first.get_json()["id"]
    for _ in range(2):
        as_bob.post(
            f"/api/v1/questions/{qid}/answers", json={"body": "Answer"}, headers={"Idempotency-Key": "a-key-123"}
        )
    assert db.session.scalar(select(func.count(Answer.id))) == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "b", "space": "billing"}, "title"),
        ({"title": "", "body": "b", "space": "billing"}, "title"),
        ({"title": "short", "body": "b", "space": "billing"}, "title"),
        ({"title": "A good title here", "space": "billing"}, "body"),
        ({"title": "A good title here", "body": "b" * 30_001, "space": "billing"}, "body"),
        ({"title": "A good title here", "body": "b", "space": "nowhere"}, "space"),
        ({"title": "A good title here", "body": "b"}, "space"),
        ({"title": "A good title here", "body": "b", "space": "billing", "tags": "a b c d e f"}, "tags"),
        ({"title": "A good title here", "body": "b", "space": "billing", "tags": {"x": 1}}, "tags"),
        ({"title": ["x"], "body": "b", "space": "billing"}, "title"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(setup, payload, field):
    response = setup[2].post("/api/v1/questions", json=payload)
    assert response.status_code == 400, response.get_json()
    assert field in response.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("space=nowhere", "space"), ("tag=nothing", "tag"), ("sort=random", "sort"), ("status=open", "status"),
     ("page=0", "page"), ("page=x", "page")],
)  # fmt: skip
def test_bad_list_filters_name_the_parameter(setup, api_client, query, field):
    response = api_client(None).get(f"/api/v1/questions?{query}")
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"]


def test_votes_on_deleted_posts_and_bad_values_are_4xx(setup, qa):
    alice, bob, as_alice, as_bob = setup
    q = qa.question(alice)
    a = qa.answer(q, bob)
    as_bob.delete(f"/api/v1/answers/{a.id}")
    response = as_alice.post(f"/api/v1/answers/{a.id}/vote", json={"value": 1})
    assert response.status_code == 409 and "post" in response.get_json()["error"]["fields"]
    response = as_bob.post(f"/api/v1/questions/{q.id}/vote", json={"value": 5})
    assert response.status_code == 400 and "value" in response.get_json()["error"]["fields"]
    assert as_bob.post("/api/v1/questions/9999/vote", json={"value": 1}).status_code == 404
    assert as_bob.post(f"/api/v1/questions/{q.id}/comments", json={"body": "c" * 601}).status_code == 400


def test_similar_questions_and_click_recording(setup, qa, api_client, drain_events):
    q = qa.question(title="Refund for a duplicate charge")
    qa.question(title="数据库连接超时怎么办")
    drain_events()  # suggestions come from the search index, which the event consumer fills
    found = api_client(None).get("/api/v1/questions/similar?title=duplicate refund").get_json()["questions"]
    assert [s["id"] for s in found] == [q.id] and found[0]["url"].startswith(f"/questions/{q.id}/")
    zh = api_client(None).get("/api/v1/questions/similar?title=数据库超时").get_json()["questions"]
    assert zh and zh[0]["title"] == "数据库连接超时怎么办"
    click = api_client(None).post("/api/v1/questions/similar/clicks", json={"question_id": q.id, "title": "refund"})
    assert click.status_code == 204
    bad = api_client(None).post("/api/v1/questions/similar/clicks", json={"question_id": "x"})
    assert bad.status_code == 400 and "question_id" in bad.get_json()["error"]["fields"]


def test_spaces_are_listed_and_created_by_admins(setup, make_user, api_client):
    assert [s["slug"] for s in api_client(None).get("/api/v1/spaces").get_json()["spaces"]] == ["billing"]
    assert setup[2].post("/api/v1/spaces", json={"name": "Nope"}).status_code == 403
    admin = api_client(make_user(role="admin"))
    created = admin.post("/api/v1/spaces", json={"name": "Mobile app", "position": 2})
    assert created.status_code == 201 and created.get_json()["slug"] == "mobile-app"
    assert admin.post("/api/v1/spaces", json={"name": "Mobile app"}).status_code == 409


def test_operations_are_in_the_openapi_document(app, api_client):
    paths = api_client(None).get("/api/v1/openapi.json").get_json()["paths"]
    for path in ["/questions", "/questions/{id}", "/questions/{id}/answers", "/questions/{id}/vote",
                 "/answers/{id}/vote", "/answers/{id}/accept", "/questions/{id}/comments", "/answers/{id}/comments",
                 "/questions/similar", "/spaces"]:  # fmt: skip
        assert path in paths


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("POST", "/api/v1/questions", {"title": "NUL \x00 in the title", "body": "b\x00ody", "space": "billing"}),
        ("POST", "/api/v1/questions", {"title": "A good title here", "body": "b", "space": "bill\x00ing"}),
        ("GET", "/api/v1/questions?tag=a%00b", None),
        ("GET", "/api/v1/questions?space=a%00b", None),
        ("GET", "/api/v1/questions/similar?title=a%00b", None),
        ("POST", "/api/v1/questions/similar/clicks", {"question_id": 1, "title": "x\x00y"}),
    ],
)
def test_control_characters_never_cause_a_500(setup, qa, method, path, payload):
    qa.question(setup[0])
    response = setup[2].open(path, method=method, json=payload)
    assert response.status_code < 500
    for web_path in ("/tags/a%00b", "/spaces/a%00b"):
        assert setup[2].get(web_path).status_code == 404
