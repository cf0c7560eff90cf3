"""The search_document.vector migration upgrades a database that already holds documents."""

import os
import re
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.unit.test_migrations import _fresh_url

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "..", "migrations")
SCRIPT = os.path.join(MIGRATIONS, "versions", "e5a1c0ffee01_search_document_vector.py")


def test_existing_documents_survive_and_get_an_empty_vector(tmp_path):
    previous = re.search(r'^down_revision = "(\w+)"', Path(SCRIPT).read_text(), re.M).group(1)
    url, cleanup = _fresh_url(tmp_path)
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=previous)
            db.session.execute(text(
                "INSERT INTO search_document (uid, kind, object_id, space, board, tags, status, score, boost,"
                " created, tsv) VALUES ('question:1', 'question', 1, '', '', :tags, '', 0, 1.0, :created, '')"
            ), {"tags": "[]" if db.engine.dialect.name == "sqlite" else [], "created": "2026-12-01 00:00:00"})  # fmt: skip
            db.session.commit()
            upgrade(directory=MIGRATIONS)
            rows = db.session.execute(text("SELECT uid, vector FROM search_document")).all()
            db.session.remove()
            db.engine.dispose()
        assert [tuple(r) for r in rows] == [("question:1", None)]
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
