"""The channels migration upgrades a database that holds the demo data and older API tokens."""

import hashlib
import re
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select, text

from app import create_app
from app.auth.models import ApiToken, User
from app.channels import tokens
from app.channels.models import WebhookEndpoint
from app.extensions import db
from config import TestingConfig
from tests.unit.test_migrations import _fresh_url

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
SCRIPT = next((MIGRATIONS / "versions").glob("*_channels_webhooks_scoped_api_tokens.py"))
PREVIOUS = re.search(r"^down_revision = ['\"](\w+)['\"]", SCRIPT.read_text(), re.M).group(1)


def test_upgrade_keeps_demo_data_and_old_tokens(tmp_path):
    url, cleanup = _fresh_url(tmp_path)
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "idx")})
    try:
        with app.app_context():
            upgrade(directory=str(MIGRATIONS), revision=PREVIOUS)
            result = app.test_cli_runner().invoke(args=["demo", "load"])
            assert result.exit_code == 0, result.output
            admin_id = db.session.scalar(select(User.id).where(User.email == "admin@example.com"))
            digest = hashlib.sha256(b"an-old-token").hexdigest()
            db.session.execute(
                text(
                    "INSERT INTO api_token (user_id, token_hash, created_at, expires_at)"
                    " VALUES (:u, :h, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"u": admin_id, "h": digest},
            )
            db.session.commit()
            db.session.remove()

            upgrade(directory=str(MIGRATIONS))
            token = db.session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).one()
            assert (token.user_id, token.name, token.scopes, token.last_used_at) == (admin_id, None, None, None)
            assert tokens.scopes_of(token) == frozenset(tokens.SCOPES)  # older tokens keep full rights
            assert db.session.scalars(select(WebhookEndpoint)).all() == []
            db.session.remove()
            db.engine.dispose()
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
