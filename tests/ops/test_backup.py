"""Backup and restore: a round trip of the demo data loses nothing, into SQLite and PostgreSQL."""

import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from app import create_app
from app.extensions import db
from app.ops import backup
from config import TestingConfig
from tests.conftest import PG_ADMIN_URL, need_service

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")


@pytest.fixture
def demo_site(app, stamped):
    """The test database with the demo data and its notifications (the search indexer is skipped: slow)."""
    from app.core import events
    from app.demo.services import load_demo

    with app.test_request_context():
        load_demo()
        while events.run_consumer("notifications"):
            pass
    return app


@pytest.fixture
def small_site(app, make_user, stamped):
    """A site with a few rows, migrated."""
    make_user(username="ann", email="ann@example.com")
    make_user(username="bob", email="bob@example.com")
    return app


@pytest.fixture
def stamped(app):
    """The test schema comes from create_all: record the migrations' head as `flask db upgrade` would."""
    from flask_migrate import stamp

    stamp(directory=MIGRATIONS)
    yield
    db.session.remove()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def empty_site(tmp_path):
    """Make an empty, migrated installation on SQLite or PostgreSQL; drop it afterwards."""
    made = []

    def _make(kind: str):
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'restored-{len(made)}.sqlite3'}"
        else:
            name = f"kith_restore_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            except Exception as exc:  # noqa: BLE001
                need_service("PostgreSQL", f"start PostgreSQL on 127.0.0.1:5432 ({exc.__class__.__name__})")
            made.append((admin, name))
            url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        site = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")})
        with site.app_context():
            upgrade(directory=MIGRATIONS)
            db.engine.dispose()
        return site

    yield _make
    for admin, name in made:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _digests(site) -> dict:
    with site.app_context(), db.engine.connect() as conn:
        found = backup.digests(conn)
        db.engine.dispose()
    return found


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_a_round_trip_of_the_demo_data_loses_nothing(demo_site, empty_site, tmp_path, target):
    archive = tmp_path / "site.tar.gz"
    result = demo_site.test_cli_runner().invoke(args=["backup", "create", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    before = backup.digests(db.session.connection())
    db.session.commit()
    manifest = backup.read_manifest(archive)
    assert manifest["tables"] == before
    assert manifest["schema_revision"] and before["user"]["rows"] >= 6 and before["event"]["rows"] > 50
    assert before["notification"]["rows"] > 0 and before["ticket"]["rows"] > 0

    site = empty_site(target)
    with site.app_context():
        result = site.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
        assert result.exit_code == 0, result.output
        assert "every table matches the backup" in result.output
        db.engine.dispose()
    assert _digests(site) == before

    # The restored site keeps working: a demo member signs in and new rows get fresh ids.
    with site.app_context():
        from app.auth.models import User

        client = site.test_client()
        response = client.post("/auth/login", data={"login": "alice@example.com", "password": "kith-demo-pass"})
        assert response.status_code == 302
        assert client.get("/questions").status_code == 200
        top = db.session.scalar(select(func.max(User.id)))
        from app.auth import services

        new = services.register_user(email="new@example.com", username="newbie", password="long enough pass 1")
        assert new.id == top + 1
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_a_site_that_holds_data(small_site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup.create_backup(archive)
    result = small_site.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code != 0 and "Restore needs an empty installation" in result.output


def test_restore_refuses_what_is_not_a_backup(app, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(junk)])
    assert result.exit_code != 0 and "is not a Kith backup archive" in result.output


def test_a_damaged_archive_restores_nothing(small_site, empty_site, tmp_path):
    archive, damaged = tmp_path / "site.tar.gz", tmp_path / "damaged.tar.gz"
    backup.create_backup(archive)
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["tables"]["user"]["sha256"] = "0" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    site = empty_site("sqlite")
    with site.app_context():
        result = site.test_cli_runner().invoke(args=["backup", "restore", str(damaged)])
        assert result.exit_code != 0 and "differs from the backup in: user" in result.output
        from app.auth.models import User

        assert db.session.scalar(select(func.count()).select_from(User)) == 0, "rolled back"
        db.session.remove()
        db.engine.dispose()


def test_uploaded_files_travel_with_the_backup(app, stamped, empty_site, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "avatars").mkdir(parents=True)
    (uploads / "avatars" / "1.png").write_bytes(b"\x89PNG fake")
    app.config["UPLOAD_FOLDER"] = str(uploads)
    archive = tmp_path / "site.tar.gz"
    assert backup.create_backup(archive)["files"][0]["path"] == "avatars/1.png"
    site = empty_site("sqlite")
    site.config["UPLOAD_FOLDER"] = str(tmp_path / "restored-uploads")
    with site.app_context():
        backup.restore_backup(archive)
        db.engine.dispose()
    assert (tmp_path / "restored-uploads" / "avatars" / "1.png").read_bytes() == b"\x89PNG fake"
