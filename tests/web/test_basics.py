"""Layout, error pages, security headers, languages, config."""

import re

import pytest

from app import create_app
from config import ProductionConfig


def test_home_page_has_navigation_and_language_switcher(client):
    html = client.get("/").get_data(as_text=True)
    assert "Welcome to the Kith community" in html
    assert 'name="viewport"' in html
    assert "简体中文" in html and "繁體中文" in html


def test_security_headers_and_a_fresh_csp_nonce_per_response(client):
    first, second = client.get("/"), client.get("/")
    policy = first.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert nonce not in second.headers["Content-Security-Policy"]
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert first.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("accept", "kind"), [("text/html", "html"), ("application/json", "json")])
def test_404_answers_html_or_json_as_asked(client, accept, kind):
    response = client.get("/no/such/page", headers={"Accept": accept})
    assert response.status_code == 404
    if kind == "json":
        assert response.json["error"]["code"] == "not_found"
    else:
        assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.config(TESTING_RENDER_500=True)
def test_500_is_a_friendly_page(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert client.get("/boom", headers={"Accept": "application/json"}).json["error"]["code"] == "server_error"


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_forms_without_csrf_token_are_refused(client):
    response = client.post("/auth/login", data={"login": "a@example.com", "password": "whatever1"})
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9", "欢迎来到 Kith 社区"),
        ("zh-TW", "歡迎來到 Kith 社群"),
        ("zh-HK", "歡迎來到 Kith 社群"),
        ("fr, en;q=0.5", "Welcome to the Kith community"),
        ("de", "Welcome to the Kith community"),
    ],
)
def test_language_from_accept_language(client, header, expected):
    assert expected in client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)


def test_user_setting_beats_the_browser_and_switcher_stores_it(make_user, client_for):
    user = make_user(locale="zh_Hant")
    client = client_for(user)
    assert "歡迎來到 Kith 社群" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.post("/language", data={"locale": "zh_Hans", "next": "/"})
    assert "欢迎来到 Kith 社区" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert user.locale == "zh_Hans"


def test_switcher_works_for_visitors_and_ignores_offsite_next(client):
    response = client.post("/language", data={"locale": "zh_Hant", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert "歡迎" in client.get("/").get_data(as_text=True)


def test_dates_are_formatted_for_the_locale(app, make_user, client_for):
    user = make_user(locale="zh_Hans")
    html = client_for(user).get("/auth/account").get_data(as_text=True)
    year = str(user.created_at.year)
    assert re.search(year + r"年\d+月\d+日", html)


def test_production_refuses_to_start_without_secret_and_database(monkeypatch):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, {"SECRET_KEY": "dev-insecure-change-me", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig, {"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": None})


def test_production_starts_with_real_settings():
    app = create_app(
        ProductionConfig,
        {"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://", "EVENT_CONSUMERS_IN_PROCESS": False},
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    from sqlalchemy import text

    from app.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-only setting")
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
