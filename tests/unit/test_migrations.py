"""The migrations are the one source of the schema: they must build exactly the models."""

import os
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.core.migration_support import comparison_options
from app.extensions import db
from config import TestingConfig
from tests.conftest import DB_KIND, PG_ADMIN_URL


def _fresh_url(tmp_path):
    if DB_KIND != "postgresql":
        return "sqlite:///" + str(tmp_path / "migrated.sqlite3"), None
    name = f"kith_mig_{os.getpid()}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name, (admin, name)


def test_migrations_build_exactly_the_models(tmp_path, database_url):
    url, cleanup = _fresh_url(tmp_path)
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade(directory=os.path.join(os.path.dirname(__file__), "..", "..", "migrations"))
            with db.engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts=comparison_options())
                diff = compare_metadata(ctx, db.metadata)
            db.engine.dispose()
        assert diff == [], f"models and migrations disagree; run `flask db migrate`: {diff}"
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def test_flask_db_upgrade_command_builds_a_working_database(tmp_path):
    env = {**os.environ, "FLASK_APP": "app:create_app", "DATABASE_URL": "sqlite:///" + str(tmp_path / "cli.sqlite3")}
    env["KITH_NO_CONSUMERS"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "flask", "demo", "load", "--if-empty"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "admin@example.com / kith-demo-pass" in result.stdout
