"""Personal API tokens: scopes enforced on every /api/v1 route, last use, revocation, settings page."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth import services as auth_services
from app.auth.models import ApiToken
from app.channels import tokens
from app.core.errors import ValidationError
from app.extensions import db


def bearer(app, plain):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
    return client


@pytest.fixture
def token_client(app):
    def _make(user, *scopes, days=30):
        plain, _row = tokens.create_token(user, name="script", scopes=list(scopes), days=days)
        return bearer(app, plain)

    return _make


def _fill(rule) -> str:
    """A concrete path for a rule: 1 for ids, `questions` for the post kind, `x` for names."""
    path = rule.rule
    for arg, converter in rule._converters.items():
        value = {"IntegerConverter": "1", "AnyConverter": "questions"}.get(type(converter).__name__, "x")
        path = re.sub(r"<[^<>]*\b" + arg + r">", value, path)
    return path


def test_a_read_token_is_refused_on_every_unsafe_api_route(app, make_user, token_client):
    client = token_client(make_user(role="admin"), "read")
    unsafe = [
        (method, rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in sorted(rule.methods - {"GET", "HEAD", "OPTIONS"})
    ]
    assert len(unsafe) > 20
    for method, rule in unsafe:
        response = client.open(_fill(rule), method=method, json={})
        if rule.endpoint in {"api.create_token", "api.register"}:
            continue  # sign-in and sign-up take no token
        assert response.status_code == 403, f"{method} {rule.rule}: {response.status_code}"
        assert response.get_json()["error"]["code"] == "insufficient_scope", rule.rule
    assert client.get("/api/v1/me").status_code == 200


def test_a_write_token_cannot_moderate_even_for_a_moderator(app, make_user, token_client, qa, api_client):
    moderator = make_user(role="moderator")
    question = qa.question()
    answer = qa.answer(question)
    writer = token_client(moderator, "read", "write")
    body = {"title": "Posted with a write token", "body": "Some words here.", "space": question.space_id}
    response = writer.post("/api/v1/questions", json=body)
    assert response.status_code in {200, 201}, response.get_json()
    assert writer.delete(f"/api/v1/answers/{answer.id}").status_code == 403
    # The same moderator's sign-in token (no scopes stored) and a moderate token may.
    assert token_client(moderator, "write", "moderate").delete(f"/api/v1/answers/{answer.id}").status_code in {200, 204}
    assert api_client(moderator).post(f"/api/v1/answers/{answer.id}/restore").status_code == 200


def test_staff_events_need_a_staff_scope(app, make_user, token_client, qa, drain_events):
    moderator = make_user(role="moderator")
    qa.question()
    plain, _row = auth_services.issue_api_token(moderator)  # sign-in token: full scope, logs user.token_issued
    kinds_full = {e["kind"] for e in bearer(app, plain).get("/api/v1/events").get_json()["events"]}
    kinds_read = {e["kind"] for e in token_client(moderator, "read").get("/api/v1/events").get_json()["events"]}
    assert "user.token_issued" in kinds_full and "user.token_issued" not in kinds_read
    assert "question.created" in kinds_read


def test_sign_in_tokens_keep_full_scope_and_last_use_is_recorded(app, client, make_user):
    user = make_user()
    response = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": "correct horse battery"})
    plain = response.get_json()["token"]
    row = db.session.scalars(select(ApiToken)).one()
    assert row.scopes is None and tokens.scopes_of(row) == frozenset(tokens.SCOPES)
    assert row.last_used_at is None
    assert bearer(app, plain).get("/api/v1/me").status_code == 200
    db.session.refresh(row)
    assert row.last_used_at is not None


def test_revoked_and_expired_tokens_stop_working(app, make_user):
    user = make_user()
    plain, row = tokens.create_token(user, name="ci", scopes=["read"], days=7)
    assert bearer(app, plain).get("/api/v1/me").status_code == 200
    tokens.revoke_token(user, row.id)
    assert bearer(app, plain).get("/api/v1/me").status_code == 401
    plain2, row2 = tokens.create_token(user, name="old", scopes=["read"], days=7)
    row2.expires_at = row2.created_at - timedelta(seconds=1)
    db.session.commit()
    assert bearer(app, plain2).get("/api/v1/me").status_code == 401
    with pytest.raises(Exception) as caught:
        tokens.revoke_token(make_user(), row2.id)
    assert caught.value.__class__.__name__ == "NotFound"


@pytest.mark.parametrize(
    ("role", "scopes", "ok"),
    [
        ("customer", ["read", "write"], True),
        ("customer", ["moderate"], False),
        ("customer", ["admin"], False),
        ("moderator", ["moderate", "insight"], True),
        ("moderator", ["admin"], False),
        ("admin", ["admin", "moderate", "insight"], True),
        ("customer", ["root"], False),
        ("customer", [], False),
    ],
)
def test_scopes_never_exceed_the_role(make_user, role, scopes, ok):
    user = make_user(role=role)
    if ok:
        _plain, row = tokens.create_token(user, name="t", scopes=scopes, days=30)
        assert set(row.scopes) == set(scopes) | {"read"}
    else:
        with pytest.raises(ValidationError) as caught:
            tokens.create_token(user, name="t", scopes=scopes, days=30)
        assert "scopes" in caught.value.fields


def test_the_api_creates_lists_and_revokes_tokens_within_the_callers_scopes(app, make_user, token_client):
    moderator = make_user(role="moderator")
    client = token_client(moderator, "write")
    wider = client.post("/api/v1/tokens", json={"name": "x", "scopes": ["moderate"], "expires_in_days": 30})
    assert wider.status_code == 400 and "scopes" in wider.get_json()["error"]["fields"]
    made = client.post("/api/v1/tokens", json={"name": "bot", "scopes": ["write"], "expires_in_days": 30})
    assert made.status_code == 201
    body = made.get_json()
    assert body["token"].startswith("kith_") and body["scopes"] == ["read", "write"]
    listed = client.get("/api/v1/tokens").get_json()["tokens"]
    assert {t["name"] for t in listed} == {"script", "bot"} and all("token" not in t for t in listed)
    assert client.delete(f"/api/v1/tokens/{body['id']}").status_code == 204
    assert bearer(app, body["token"]).get("/api/v1/me").status_code == 401
    bad = client.post("/api/v1/tokens", json={"name": "y", "scopes": "write", "expires_in_days": 30})
    assert bad.status_code == 400
    other = token_client(make_user(), "write")
    assert other.delete(f"/api/v1/tokens/{listed[0]['id']}").status_code == 404
