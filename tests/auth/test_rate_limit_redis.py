"""With REDIS_URL set, rate limits are shared by every process through Redis."""

import uuid

import pytest

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.conftest import ONLY_DOMAINS, need_service

pytestmark = pytest.mark.redis
REDIS = "redis://127.0.0.1:6379/14"


def _redis_or_skip():
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        need_service("Redis", f"start redis-server on 127.0.0.1:6379 ({exc.__class__.__name__})")


def test_two_app_processes_share_the_login_limit(app, make_user):
    _redis_or_skip()
    user = make_user()
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": REDIS,
        "RATELIMIT_KEY_PREFIX": f"kith-test-{uuid.uuid4().hex}",
        "LOGIN_RATE_LIMIT": "3 per minute",
        "KITH_DOMAINS": ONLY_DOMAINS,
    }
    first, second = create_app(TestingConfig, settings), create_app(TestingConfig, settings)
    bad = {"login": user.email, "password": "wrong password"}
    codes = [first.test_client().post("/auth/login", data=bad).status_code for _ in range(2)]
    codes.append(second.test_client().post("/auth/login", data=bad).status_code)
    codes.append(second.test_client().post("/auth/login", data=bad).status_code)
    for extra in (first, second):  # close their pooled connections now, not at garbage collection
        with extra.app_context():
            db.engine.dispose()
    assert codes == [400, 400, 400, 429]
