"""Test fixtures: a fresh app and empty database per test, on SQLite or PostgreSQL.

KITH_TEST_DB=postgresql runs the suite on PostgreSQL (127.0.0.1:5432, trust auth); each run
creates and drops its own database. In CI (CI=true) a missing service fails the run.
"""

import os
import shutil
import threading
import uuid

import pytest
from flask import g
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from app import create_app
from app.core import events
from app.extensions import db
from config import TestingConfig
from tests.factories import Factories

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
DB_KIND = os.environ.get("KITH_TEST_DB", "sqlite")
# KITH_TEST_DOMAINS=main,mail,auth,api,demo loads only those domain packages (for focused work).
ONLY_DOMAINS = tuple(d for d in os.environ.get("KITH_TEST_DOMAINS", "").split(",") if d)
PG_ADMIN_URL = os.environ.get("KITH_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def need_service(what: str, install: str) -> None:
    """Fail in CI, skip with an install hint elsewhere."""
    message = f"{what} is not available: {install}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if DB_KIND != "postgresql":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "kith-test.sqlite3")
        return
    name = f"kith_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            # Test data need not survive a crash: skip waiting for the WAL flush on commit.
            conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        need_service("PostgreSQL", f"start PostgreSQL on 127.0.0.1:5432 with trust auth ({exc.__class__.__name__})")
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _schema(database_url):
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "KITH_DOMAINS": ONLY_DOMAINS})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return True


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replace pytest-flask's pushed request context: each request gets its own state."""
    yield


def _fresh_request_state():
    """Requests share the test's app context; start each with an empty g and fresh rows."""
    for key in list(g):
        g.pop(key)
    db.session.expire_all()


@pytest.fixture
def app_overrides():
    """Tests override config by redefining this fixture or via the `config` marker."""
    return {}


@pytest.fixture
def app(database_url, _schema, tmp_path, app_overrides, request):
    overrides = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "KITH_DOMAINS": ONLY_DOMAINS,
        **app_overrides,
    }
    marker = request.node.get_closest_marker("config")
    if marker:
        overrides.update(marker.kwargs)
    app = create_app(TestingConfig, overrides)
    app.before_request(_fresh_request_state)
    ctx = app.app_context()
    ctx.push()
    yield app
    db.session.rollback()
    _empty_all_tables()
    db.session.remove()
    db.engine.dispose()
    ctx.pop()


def _empty_all_tables() -> None:
    """DELETE every row, children first (50 ms; TRUNCATE of 40 tables takes over a second on PostgreSQL)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def factories(app) -> Factories:
    return Factories(app)


@pytest.fixture
def make_user(factories):
    return factories.user


@pytest.fixture
def login(app):
    """login(client, user): sign a test client in through the real form."""

    def _login(client, user, password="correct horse battery"):
        response = client.post("/auth/login", data={"login": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


@pytest.fixture
def client_for(app, login):
    """client_for(user): a new test client signed in as `user` (None: anonymous)."""

    def _client(user=None):
        client = app.test_client()
        if user is not None:
            login(client, user)
        return client

    return _client


@pytest.fixture
def api_client(app):
    """api_client(user): a test client whose requests carry a bearer token for `user`."""
    from app.auth import services

    def _client(user=None):
        client = app.test_client()
        if user is not None:
            token, _row = services.issue_api_token(user)
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client

    return _client


@pytest.fixture
def drain_events(app):
    """Run every event consumer until the log is drained (what the background loop does)."""
    return events.run_all_consumers


# --- real-browser fixtures (one Playwright for the whole session, whichever folder a browser test lives in) ---

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_server(app):
    """Serve `app` on 127.0.0.1:<free port> in a thread; yields the base URL."""
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        need_service("Chromium", "install it with `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_service("Playwright", "run `make test` (it installs requirements-dev.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(phone=False): a page in a fresh context that records console errors and dialogs."""
    contexts = []

    def _page(phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=viewport, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.dialogs = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

        def _dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", _dialog)
        return page

    yield _page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
