"""API basics: tokens, /me, self-registration, the error format and the OpenAPI document."""

import pytest

from tests.factories import PASSWORD


def test_token_then_me(client, make_user):
    user = make_user(display_name="Token Tester")
    response = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    token = response.json["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json["display_name"] == "Token Tester"
    assert me.json["email"] == user.email


def test_me_without_or_with_a_bad_token_is_401_json(client):
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"


def test_wrong_password_and_unknown_email_answer_the_same(client, make_user):
    user = make_user()
    wrong = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": "bad password"})
    unknown = client.post("/api/v1/auth/tokens", json={"email": "ghost@example.com", "password": "bad password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json


def test_password_change_revokes_tokens(client, make_user, api_client):
    from app.auth import services

    user = make_user()
    api = api_client(user)
    assert api.get("/api/v1/me").status_code == 200
    services.change_password(user, PASSWORD, "another long password")
    assert api.get("/api/v1/me").status_code == 401


def test_register_through_the_api(client):
    response = client.post(
        "/api/v1/users", json={"email": "api@example.com", "username": "apiuser", "password": "long enough"}
    )
    assert response.status_code == 201
    assert response.json["username"] == "apiuser"
    again = client.post(
        "/api/v1/users", json={"email": "api@example.com", "username": "other", "password": "long enough"}
    )
    assert again.status_code == 409
    assert again.json["error"]["fields"]["email"] == "An account with this email already exists."


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "u1", "password": "long enough"}, "email"),
        ({"email": 5, "username": "u1", "password": "long enough"}, "email"),
        ({"email": "x@example.com", "username": ["u"], "password": "long enough"}, "username"),
        ({"email": "x@example.com", "username": "u1", "password": "short"}, "password"),
        ({"email": "x@example.com", "username": "u1", "password": "p" * 500}, "password"),
        ({"email": "x@example.com", "username": "u" * 40, "password": "long enough"}, "username"),
        ({"email": "x@example.com", "username": "u1", "password": "long enough", "display_name": 3}, "display_name"),
        ({"email": "nonsense", "username": "u1", "password": "long enough"}, "email"),
    ],
)
def test_bad_registration_fields_are_400_with_the_field_named(client, payload, field):
    response = client.post("/api/v1/users", json=payload)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("not json", "application/json"),
        ("[1, 2]", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        ("a=b", "text/plain"),
    ],
)
def test_malformed_bodies_are_400(client, data, content_type):
    response = client.post("/api/v1/users", data=data, content_type=content_type)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


@pytest.mark.config(REGISTRATION_OPEN=False)
def test_registration_can_be_closed(client):
    response = client.post(
        "/api/v1/users", json={"email": "a@example.com", "username": "aa", "password": "long enough"}
    )
    assert response.status_code == 403


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_openapi_document_lists_the_operations(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    for path in ("/auth/tokens", "/me", "/users"):
        assert path in doc["paths"]
    assert doc["paths"]["/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert "Error" in doc["components"]["schemas"]


def test_api_error_messages_follow_the_language(client):
    response = client.get("/api/v1/me", headers={"Accept-Language": "zh-TW"})
    assert response.json["error"]["message"] == "請先登入。"


@pytest.mark.config(LOGIN_RATE_LIMIT="2 per minute")
def test_token_endpoint_is_rate_limited(client, make_user):
    user = make_user()
    codes = [
        client.post("/api/v1/auth/tokens", json={"email": user.email, "password": "bad pw"}).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 429]
    assert client.post("/api/v1/auth/tokens", json={"email": user.email, "password": "bad pw"}).json["error"]["code"]
