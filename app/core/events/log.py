"""The log's tables and the one way to write to it: `record`, inside the caller's transaction."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import UTCDateTime, utcnow
from app.extensions import db

PUBLIC = "public"
STAFF = "staff"


class Event(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    audience: Mapped[str] = mapped_column(String(64), default=PUBLIC)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "actor_id": self.actor_id,
            "subject": {"type": self.subject_type, "id": self.subject_id},
            "created_at": self.created_at.isoformat(),
            "payload": self.payload or {},
        }


class ConsumerCursor(db.Model):
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def record(
    kind: str,
    *,
    actor=None,
    subject_type: str,
    subject_id: int | None,
    audience: str = PUBLIC,
    payload: dict | None = None,
) -> Event:
    """Add an event to the current transaction (the caller's unit of work commits it)."""
    event = Event(
        kind=kind,
        actor_id=getattr(actor, "id", actor),
        subject_type=subject_type,
        subject_id=subject_id,
        audience=audience,
        payload=payload or {},
    )
    db.session.add(event)
    db.session.info["kith_recorded_events"] = True
    return event
