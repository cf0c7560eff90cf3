"""What `flask jobs status` and /admin/jobs show: each job's schedule and its last run."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.core import jobs
from app.core.timeutil import utcnow
from app.extensions import db
from app.jobs.models import JobState


@dataclass
class JobStatus:
    name: str
    label: str | None
    every: timedelta
    state: JobState | None

    @property
    def running(self) -> bool:
        return bool(self.state and self.state.lease_until and self.state.lease_until > utcnow())

    @property
    def failing(self) -> bool:
        return bool(self.state and self.state.failures)

    @property
    def next_run_at(self) -> datetime | None:
        return self.state.next_run_at if self.state else None


def job_statuses() -> list[JobStatus]:
    """Every registered job with its stored state (None before its first round), by name."""
    registered = jobs.registered()
    states = {s.name: s for s in db.session.scalars(select(JobState).where(JobState.name.in_(list(registered))))}
    return [
        JobStatus(name=name, label=job.label, every=job.every, state=states.get(name))
        for name, job in sorted(registered.items())
    ]


def every_text(every: timedelta) -> str:
    """A period as a compact string: 5m, 1h, 1d, 90s."""
    seconds = int(every.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
