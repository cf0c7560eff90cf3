"""Malformed input gets a clear 4xx, never a 500, on pages and the API, on both databases."""

import json

import pytest

from app.core.request_guards import MAX_ID

TOO_BIG = MAX_ID + 1


@pytest.fixture
def question(qa):
    return qa.question(title="A question that exists")


@pytest.mark.parametrize(
    "path",
    [
        f"/questions/{TOO_BIG}",
        f"/questions/{10**30}/edit",
        f"/api/v1/questions/{TOO_BIG}",
        f"/api/v1/ideas/{TOO_BIG}",
        f"/api/v1/tickets/{TOO_BIG}",
    ],
)
def test_ids_beyond_the_id_range_in_paths_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404


def test_the_largest_id_is_a_plain_not_found(client):
    assert client.get(f"/questions/{MAX_ID}").status_code == 404


@pytest.mark.parametrize("value", [TOO_BIG, -TOO_BIG])
def test_ids_beyond_the_id_range_in_json_bodies_are_refused(api_client, make_user, question, value):
    customer = make_user()
    body = {"title": "A fine title for this", "body": "Some body text here.", "space": value}
    response = api_client(customer).post("/api/v1/questions", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "A number in the request is too large."


def test_an_id_beyond_the_id_range_in_the_query_string_is_refused(client):
    response = client.get(f"/api/v1/events?after={TOO_BIG}")
    assert response.status_code == 400


def test_json_nested_a_thousand_deep_is_refused(api_client, make_user):
    deep = "[" * 1000 + "]" * 1000
    response = api_client(make_user()).post(
        "/api/v1/questions", data=deep, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] in {"invalid_json", "bad_request"}


def test_json_nested_a_little_too_deep_is_refused_with_a_message(api_client, make_user):
    deep = {"title": json.loads("[" * 80 + "]" * 80)}
    response = api_client(make_user()).post("/api/v1/questions", json=deep)
    assert response.status_code == 400
    assert "nested too deeply" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("bad", ["nul\x00byte", "lone \ud800 surrogate"])
def test_unstorable_characters_in_json_are_refused_and_nothing_is_stored(api_client, make_user, qa, bad):
    space = qa.space()
    before = _question_count()
    body = {"title": f"Title with {bad} inside", "body": "Body text long enough.", "space": space.slug}
    payload = json.dumps(body)  # keeps the lone surrogate as a \\ud800 escape
    response = api_client(make_user()).post(
        "/api/v1/questions", data=payload, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "cannot be stored" in response.get_json()["error"]["message"]
    assert _question_count() == before


def test_a_nul_byte_in_a_form_field_is_refused(client_for, make_user, qa):
    space = qa.space()
    client = client_for(make_user())
    response = client.post(
        "/questions/ask", data={"title": "Title with \x00 inside it", "body": "Body long enough.", "space": space.id}
    )
    assert response.status_code == 400
    assert "cannot be stored" in response.get_data(as_text=True)
    assert _question_count() == 0


def test_a_method_not_allowed_answer_says_which_are(client):
    response = client.open("/healthz", method="TRACE")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


@pytest.mark.config(TESTING_RENDER_500=True)
def test_an_unexpected_failure_at_flush_still_answers_a_proper_error(app, make_user):
    from app.auth.models import User
    from app.extensions import db

    existing = make_user()

    @app.get("/_test/failing-flush")
    def failing_flush():
        db.session.add(User(email=existing.email, username=existing.username, display_name="x", password_hash="x"))
        db.session.flush()

    response = app.test_client().get("/_test/failing-flush", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"


def _question_count() -> int:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.qa.models import Question

    return db.session.execute(select(func.count()).select_from(Question)).scalar()


def test_long_digit_strings_in_free_text_are_fine(client):
    assert client.get("/search?q=12345678901234567890").status_code == 200
