"""Settings an admin changes at runtime, stored in the database with the config value as default."""

from datetime import datetime

from flask import current_app, g, has_app_context
from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import UTCDateTime, utcnow
from app.extensions import db


class Setting(db.Model):
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


def get(key: str):
    """The stored value of setting `key` (a config name), else the config value; cached per request."""
    cache = g.setdefault("kith_settings", {}) if has_app_context() else {}
    default = current_app.config[key]
    # Keyed on the config object too: a changed config (tests do this) is read afresh.
    if key not in cache or cache[key][0] is not default:
        row = db.session.scalar(select(Setting).where(Setting.key == key))
        cache[key] = (default, row.value if row is not None else default)
    return cache[key][1]


def put(key: str, value, actor=None) -> Setting:
    """Store `value` for `key` in the current transaction (the caller checks permission and commits)."""
    row = db.session.get(Setting, key) or Setting(key=key)
    row.value = value
    row.updated_by_id = getattr(actor, "id", None)
    db.session.add(row)
    forget()
    return row


def forget() -> None:
    """Drop this request's cached settings."""
    if has_app_context():
        g.pop("kith_settings", None)
