"""Rate limits that hold whatever the spelling, survive Redis going away, and see through a proxy;
cookie-authenticated API calls from other sites are refused."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.conftest import ONLY_DOMAINS, need_service

PASSWORD = "correct horse battery"


def _attempt_all_spellings(client, user):
    """Four wrong guesses: email and username, on the web form and the API."""
    return [
        client.post("/auth/login", data={"login": user.email, "password": "wrong guess"}).status_code,
        client.post("/auth/login", data={"login": user.username.upper(), "password": "wrong guess"}).status_code,
        client.post("/api/v1/auth/tokens", json={"email": user.email.upper(), "password": "wrong guess"}).status_code,
        client.post("/api/v1/auth/tokens", json={"email": user.username, "password": "wrong guess"}).status_code,
    ]


@pytest.mark.config(LOGIN_RATE_LIMIT="3 per minute")
def test_the_login_limit_counts_one_account_across_spellings_and_channels(client, make_user):
    user = make_user()
    codes = _attempt_all_spellings(client, user)
    assert codes[:3] != [429, 429, 429] and 429 not in codes[:3]
    assert codes[3] == 429


@pytest.mark.config(LOGIN_RATE_LIMIT="3 per minute")
def test_another_account_keeps_its_own_budget(client, make_user):
    first, second = make_user(), make_user()
    _attempt_all_spellings(client, first)
    response = client.post("/auth/login", data={"login": second.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.config(LOGIN_ADDRESS_RATE_LIMIT="2 per minute", TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(app, make_user):
    users = [make_user() for _ in range(3)]
    client = app.test_client()

    def guess(user, address):
        data = {"login": user.email, "password": "wrong guess"}
        return client.post("/auth/login", data=data, headers={"X-Forwarded-For": address}).status_code

    assert [guess(users[0], "203.0.113.7"), guess(users[1], "203.0.113.7")] == [400, 400]
    assert guess(users[2], "203.0.113.7") == 429
    assert guess(users[2], "198.51.100.9") == 400  # another client behind the same proxy


@pytest.mark.config(LOGIN_ADDRESS_RATE_LIMIT="2 per minute")
def test_without_a_trusted_proxy_forwarded_addresses_are_ignored(app, make_user):
    users = [make_user() for _ in range(3)]
    client = app.test_client()
    for index, user in enumerate(users):
        data = {"login": user.email, "password": "wrong guess"}
        code = client.post("/auth/login", data=data, headers={"X-Forwarded-For": f"203.0.113.{index}"}).status_code
    assert code == 429


@pytest.fixture
def signed_in(client_for, make_user):
    user = make_user()
    return client_for(user), user


def test_a_cross_site_form_post_with_the_session_cookie_is_refused(signed_in, qa):
    client, _user = signed_in
    question = qa.question()
    response = client.post(
        f"/api/v1/questions/{question.id}/vote", json={"value": 1}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "cross_site"
    assert client.get(f"/api/v1/questions/{question.id}").get_json()["score"] == 0


@pytest.mark.parametrize("header", ["Origin", "Referer"])
def test_the_same_site_may_call_the_api_with_its_cookie(signed_in, qa, header):
    client, _user = signed_in
    question = qa.question()
    response = client.post(
        f"/api/v1/questions/{question.id}/vote", json={"value": 1}, headers={header: "http://localhost/questions"}
    )
    assert response.status_code == 200
    assert client.get(f"/api/v1/questions/{question.id}").get_json()["score"] == 1


def test_a_referer_from_another_site_is_refused_too(signed_in, qa):
    client, _user = signed_in
    question = qa.question()
    response = client.post(
        f"/api/v1/questions/{question.id}/vote", json={"value": 1}, headers={"Referer": "https://evil.example/x"}
    )
    assert response.status_code == 403


def test_bearer_calls_need_no_origin(api_client, make_user, qa):
    question = qa.question()
    response = api_client(make_user()).post(
        f"/api/v1/questions/{question.id}/vote", json={"value": 1}, headers={"Origin": "https://tools.example"}
    )
    assert response.status_code == 200


def test_the_remember_cookie_is_same_site(app):
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


# Redis going away: a private redis-server, so the machine's shared one is never touched.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_redis(port: int, tmp_path):
    binary = shutil.which("redis-server")
    if not binary:
        need_service("redis-server", "apt-get install redis-server")
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*args, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    need_service("redis-server", "it did not start on a free port")


@pytest.mark.redis
def test_sign_in_keeps_working_while_redis_is_down_and_readyz_says_so(app, make_user, tmp_path):
    port = _free_port()
    redis_process = _start_redis(port, tmp_path)
    user = make_user()
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}/0",
        "RATELIMIT_KEY_PREFIX": f"kith-test-{uuid.uuid4().hex}",
        "KITH_DOMAINS": ONLY_DOMAINS,
    }
    served = create_app(TestingConfig, settings)
    client = served.test_client()
    credentials = {"login": user.email, "password": PASSWORD}
    try:
        assert client.get("/readyz").get_json()["checks"]["rate_limits"] == "shared"
        assert client.post("/auth/login", data=credentials).status_code == 302
        redis_process.kill()
        redis_process.wait(timeout=10)
        codes = [served.test_client().post("/auth/login", data=credentials).status_code for _ in range(3)]
        ready = client.get("/readyz")
        assert codes == [302, 302, 302]
        assert ready.status_code == 200
        assert ready.get_json()["checks"]["rate_limits"] == "memory-fallback"
        redis_process = _start_redis(port, tmp_path)
        assert client.get("/readyz").get_json()["checks"]["rate_limits"] == "shared"
    finally:
        redis_process.kill()
        redis_process.wait(timeout=10)
        with served.app_context():
            db.engine.dispose()


def test_readyz_reports_the_database_and_the_embedded_limiter(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert (body["checks"]["database"], body["checks"]["rate_limits"]) == ("ok", "memory")
