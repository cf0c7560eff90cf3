"""One row per periodic job: its lease (who runs it now) and the outcome of its last run."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import UTCDateTime
from app.extensions import db


class JobState(db.Model):
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    # A runner owns the job while lease_until is in the future; it clears it when the run ends.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    leased_by: Mapped[str | None] = mapped_column(String(128))
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_duration_ms: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_result: Mapped[str | None] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(default=0)  # consecutive failed runs
    runs: Mapped[int] = mapped_column(default=0)
