"""The API tokens settings page: sign-in required, shown once, scopes offered by role, revoke your own only."""

import pytest
from sqlalchemy import select

from app.auth.models import ApiToken
from app.channels import tokens
from app.extensions import db


def test_the_page_needs_sign_in(client_for):
    response = client_for(None).get("/account/tokens")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client_for(None).post("/account/tokens/1/revoke").status_code == 302


def test_create_shows_the_token_once_then_lists_it(app, make_user, client_for):
    user = make_user()
    client = client_for(user)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert 'value="write"' in page and 'value="moderate"' not in page  # a customer has nothing to moderate
    response = client.post("/account/tokens", data={"name": "CRM sync", "scopes": ["read", "write"], "days": "30"})
    assert response.status_code == 201
    row = db.session.scalars(select(ApiToken)).one()
    plain = response.get_data(as_text=True).split("data-token>")[1].split("<")[0]
    assert plain.startswith("kith_") and row.token_hash not in response.get_data(as_text=True)
    listed = client.get("/account/tokens").get_data(as_text=True)
    assert "CRM sync" in listed and plain not in listed and "Never" in listed
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
    assert api.get("/api/v1/me").status_code == 200
    assert "Never" not in client.get("/account/tokens").get_data(as_text=True)


def test_asking_for_a_scope_beyond_the_role_is_a_form_error(make_user, client_for):
    client = client_for(make_user())
    response = client.post("/account/tokens", data={"name": "x", "scopes": ["admin"], "days": "30"})
    assert response.status_code == 400 and "Choose scopes from" in response.get_data(as_text=True)
    response = client.post("/account/tokens", data={"name": "x", "scopes": ["read"], "days": "9999"})
    assert response.status_code == 400
    assert db.session.scalars(select(ApiToken)).first() is None


def test_only_the_owner_revokes(make_user, client_for):
    owner, other = make_user(), make_user()
    _plain, row = tokens.create_token(owner, name="mine", scopes=["read"], days=7)
    assert client_for(other).post(f"/account/tokens/{row.id}/revoke").status_code == 404
    assert client_for(owner).post(f"/account/tokens/{row.id}/revoke").status_code == 302
    db.session.refresh(row)
    assert row.revoked_at is not None


@pytest.mark.parametrize(("language", "text"), [("en", "New token"), ("zh-CN", "新建令牌"), ("zh-TW", "新增權杖")])
def test_the_page_speaks_three_languages(make_user, client_for, language, text):
    page = client_for(make_user()).get("/account/tokens", headers={"Accept-Language": language})
    assert text in page.get_data(as_text=True)
