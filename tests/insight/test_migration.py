"""The insight migration upgrades a database that already holds data, on SQLite and PostgreSQL."""

import importlib.util
import os
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.unit.test_migrations import _fresh_url

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _script():
    path = next((MIGRATIONS / "versions").glob("23831cf4639f_*.py"))
    spec = importlib.util.spec_from_file_location("insight_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_upgrade_keeps_existing_organizations_and_users(tmp_path, database_url):
    script = _script()
    url, cleanup = _fresh_url(tmp_path)
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade(directory=str(MIGRATIONS), revision=script.down_revision)
            with db.engine.begin() as conn:
                conn.execute(text("INSERT INTO organization (id, name, tier, created_at) VALUES "
                                  "(1, 'Acme', 'gold', CURRENT_TIMESTAMP)"))  # fmt: skip
                conn.execute(text(
                    "INSERT INTO \"user\" (id, email, username, display_name, password_hash, role, organization_id,"
                    " is_suspended, session_version, created_at) VALUES (1, 'a@acme.example', 'alice', 'Alice', 'x',"
                    " 'customer', 1, false, 1, CURRENT_TIMESTAMP)"))  # fmt: skip
                conn.execute(text("INSERT INTO event (id, created_at, kind, actor_id, subject_type, subject_id, audience,"
                                  " payload) VALUES (1, CURRENT_TIMESTAMP, 'user.registered', 1, 'user', 1, 'staff', '{}')"))  # fmt: skip
            upgrade(directory=str(MIGRATIONS), revision=script.revision)
            columns = {c["name"] for c in inspect(db.engine).get_columns("organization")}
            assert {"account_manager_id", "partner_id"} <= columns
            with db.engine.connect() as conn:
                row = conn.execute(text("SELECT name, tier, account_manager_id, partner_id FROM organization")).one()
                assert tuple(row) == ("Acme", "gold", None, None)
                assert conn.execute(text('SELECT organization_id FROM "user"')).scalar() == 1
            # The old event (no organization in its payload) is still read: the consumer falls back to the account.
            from app.core.events import run_consumer

            assert run_consumer("insight") == 1
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT organization_id FROM fact_person WHERE user_id = 1")).scalar() is None
            db.session.remove()
            db.engine.dispose()
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    assert os.path.exists(MIGRATIONS)
