"""The job_state migration upgrades a database that already holds the demo data."""

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, inspect, select, text

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.unit.test_migrations import _fresh_url

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")
SCRIPT = Path(MIGRATIONS) / "versions" / "4b7e2c91a0d3_job_state_lease_and_last_run.py"


def _down_revision() -> str:
    namespace: dict = {}
    exec(compile(SCRIPT.read_text(), str(SCRIPT), "exec"), namespace)  # noqa: S102  (our own migration)
    return namespace["down_revision"]


def test_job_state_migration_upgrades_a_database_with_the_demo_data(tmp_path):
    from app.auth.models import User
    from app.demo.services import load_demo
    from app.jobs import runner
    from app.jobs.models import JobState

    url, cleanup = _fresh_url(tmp_path)
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")})
    try:
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=_down_revision())
            assert "job_state" not in inspect(db.engine).get_table_names()
            with app.test_request_context():
                load_demo()
            users = db.session.scalar(select(func.count()).select_from(User))
            db.session.remove()
            upgrade(directory=MIGRATIONS)
            assert db.session.scalar(select(func.count()).select_from(User)) == users
            runner.ensure_rows()
            assert db.session.scalar(select(func.count()).select_from(JobState)) >= 4
            db.session.remove()
            db.engine.dispose()
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
