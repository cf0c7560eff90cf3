"""Sign-up, sign-in, sign-out, password change and reset through the web forms."""

import re

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.mail.models import OutboxEmail
from tests.factories import PASSWORD


def _register(client, **overrides):
    data = {"email": "new@example.com", "username": "newbie", "display_name": "New Bee", "password": "long enough pw"}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def test_sign_up_signs_in_and_greets(client):
    response = _register(client)
    assert response.status_code == 302
    home = client.get("/")
    assert "Signed in as New Bee" in home.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.username == "newbie"))
    assert user.password_hash.startswith("scrypt:")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": ""}, "Enter your email address."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": "a" * 250 + "@x.io"}, "Use at most 254 characters."),
        ({"username": ""}, "Choose a username."),
        ({"username": "x"}, "Use between 2 and 32 characters."),
        ({"username": "bad name!"}, "Use 2 to 32 letters, digits, dots, dashes or underscores."),
        ({"password": "short"}, "Use between 8 and 128 characters."),
        ({"password": "p" * 129}, "Use between 8 and 128 characters."),
        ({"display_name": "n" * 65}, "Use at most 64 characters."),
    ],
)
def test_sign_up_rejects_bad_input_with_the_field_named(client, overrides, message):
    response = _register(client, **overrides)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "newbie")) is None


def test_duplicate_email_or_username_is_a_form_error_not_a_500(client, make_user):
    make_user(email="taken@example.com", username="taken")
    response = _register(client, email="TAKEN@example.com")
    assert response.status_code == 400
    assert "An account with this email already exists." in response.get_data(as_text=True)
    response = _register(client, username="Taken")
    assert "This username is taken." in response.get_data(as_text=True)


def test_non_utf8_form_input_gets_a_clear_4xx(client):
    response = client.post(
        "/auth/register",
        data=b"email=%FF%FE&username=%C3%28&password=12345678",
        content_type="application/x-www-form-urlencoded",
    )
    assert 400 <= response.status_code < 500


def test_wrong_password_and_unknown_email_answer_the_same(client, make_user):
    user = make_user()
    wrong = client.post("/auth/login", data={"login": user.email, "password": "wrong password"})
    unknown = client.post("/auth/login", data={"login": "nobody@example.com", "password": "wrong password"})
    assert wrong.status_code == unknown.status_code == 400
    message = "The email or password is not correct."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_sign_in_with_username_and_next_only_relative(client, make_user):
    user = make_user()
    ok = client.post("/auth/login?next=/auth/account", data={"login": user.username, "password": PASSWORD})
    assert ok.headers["Location"] == "/auth/account"
    client.post("/auth/logout")
    user = db.session.get(User, user.id)
    evil = client.post("/auth/login?next=https://evil.example/x", data={"login": user.email, "password": PASSWORD})
    assert evil.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"])
def test_next_rejects_offsite_targets(client, make_user, target):
    user = make_user()
    response = client.post(
        "/auth/login", query_string={"next": target}, data={"login": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_suspended_user_cannot_sign_in(client, make_user):
    user = make_user()
    user.is_suspended = True
    db.session.commit()
    response = client.post("/auth/login", data={"login": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "This account is suspended." in response.get_data(as_text=True)


def test_logout_ends_every_session(app, make_user, client_for):
    user = make_user()
    laptop, phone = client_for(user), client_for(user)
    assert phone.get("/auth/account").status_code == 200
    laptop.post("/auth/logout")
    assert phone.get("/auth/account").status_code == 302  # back to the sign-in page


def test_password_change_ends_other_sessions_and_keeps_this_one(make_user, client_for):
    user = make_user()
    here, elsewhere = client_for(user), client_for(user)
    response = here.post(
        "/auth/account",
        data={"current_password": PASSWORD, "new_password": "a brand new pass", "confirm": "a brand new pass"},
    )
    assert response.status_code == 302
    assert here.get("/auth/account").status_code == 200
    assert elsewhere.get("/auth/account").status_code == 302
    fresh = here.application.test_client()
    assert fresh.post("/auth/login", data={"login": user.email, "password": "a brand new pass"}).status_code == 302


def test_password_change_with_wrong_current_password_is_refused(make_user, client_for):
    client = client_for(make_user())
    response = client.post(
        "/auth/account", data={"current_password": "nope nope", "new_password": "x" * 10, "confirm": "x" * 10}
    )
    assert response.status_code == 400
    assert "The current password is not correct." in response.get_data(as_text=True)


def _reset_link(email):
    mail = db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == email)).all()[-1]
    return re.search(r"https?://\S+/auth/reset/(\S+)", mail.body_text).group(0), mail


def test_password_reset_by_single_use_link(client, make_user):
    user = make_user()
    response = client.post("/auth/reset", data={"email": user.email})
    assert response.status_code == 302
    link, mail = _reset_link(user.email)
    assert mail.subject == "Reset your Kith password"
    path = "/auth/reset/" + link.rsplit("/", 1)[1]
    assert client.get(path).status_code == 200
    done = client.post(path, data={"password": "my new password", "confirm": "my new password"})
    assert done.status_code == 302
    again = client.get(path)
    assert again.status_code == 404
    assert "invalid or has expired" in again.get_data(as_text=True)
    assert client.post("/auth/login", data={"login": user.email, "password": "my new password"}).status_code == 302


def test_reset_for_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post("/auth/reset", data={"email": "ghost@example.com"})
    assert response.status_code == 302
    assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == "ghost@example.com")) is None


@pytest.mark.config(PASSWORD_RESET_MAX_AGE=-1)
def test_expired_reset_link_is_refused(client, make_user):
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    link, _mail = _reset_link(user.email)
    assert client.get("/auth/reset/" + link.rsplit("/", 1)[1]).status_code == 404


def test_reset_mail_is_in_the_users_language(client, make_user):
    user = make_user(locale="zh_Hans")
    client.post("/auth/reset", data={"email": user.email})
    _link, mail = _reset_link(user.email)
    assert mail.subject == "重置您的 Kith 密码"


@pytest.mark.config(LOGIN_RATE_LIMIT="3 per minute")
def test_login_is_rate_limited_per_account(client, make_user):
    user = make_user()
    for _ in range(3):
        client.post("/auth/login", data={"login": user.email, "password": "wrong password"})
    blocked = client.post("/auth/login", data={"login": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many requests" in blocked.get_data(as_text=True)
    other = make_user()
    assert client.post("/auth/login", data={"login": other.email, "password": PASSWORD}).status_code == 302


@pytest.mark.config(LOGIN_ADDRESS_RATE_LIMIT="4 per minute")
def test_login_is_rate_limited_per_address(client, make_user):
    users = [make_user() for _ in range(5)]
    codes = [client.post("/auth/login", data={"login": u.email, "password": "wrong pw"}).status_code for u in users]
    assert codes[-1] == 429


@pytest.mark.config(RESET_RATE_LIMIT="2 per hour")
def test_reset_is_rate_limited(client, make_user):
    user = make_user()
    codes = [client.post("/auth/reset", data={"email": user.email}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_outbox_page_is_for_admins(make_user, client_for):
    admin, customer = make_user(role="admin"), make_user()
    client_for(None).post("/auth/reset", data={"email": customer.email})
    page = client_for(admin).get("/admin/outbox/")
    assert page.status_code == 200
    assert "Reset your Kith password" in page.get_data(as_text=True)
    assert client_for(customer).get("/admin/outbox/").status_code == 403
    assert client_for(None).get("/admin/outbox/").status_code == 302
