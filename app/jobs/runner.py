"""Run every registered job on its schedule, once across all processes, through a lease row per job.

A runner claims a due job with one conditional UPDATE (due and not leased, or its lease ran
out); the database serialises concurrent UPDATEs of a row on SQLite and PostgreSQL alike, so
exactly one claimant sees `rowcount == 1`. A failed run records its error and is retried
sooner (doubling from JOBS_RETRY_SECONDS up to the job's own period); it never stops the others.
"""

import logging
import os
import socket
import threading
import time
import traceback
import uuid
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError

from app.core import jobs
from app.core.timeutil import utcnow
from app.extensions import db
from app.jobs.models import JobState

log = logging.getLogger(__name__)


def new_owner() -> str:
    """A name for this runner that no other process or thread shares."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def ensure_rows(now: datetime | None = None) -> None:
    """Create the state row of each registered job that has none (first run: now)."""
    names = set(jobs.registered())
    known = set(db.session.scalars(select(JobState.name).where(JobState.name.in_(names))))
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[db.session.get_bind().dialect.name]
    for name in sorted(names - known):
        stmt = insert(JobState).values(name=name, next_run_at=now or utcnow(), failures=0, runs=0)
        db.session.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
    db.session.commit()


def claim(name: str, owner: str, now: datetime) -> bool:
    """Take the lease of job `name` if it is due and nobody holds it; True if this runner got it."""
    lease = timedelta(seconds=current_app.config.get("JOBS_LEASE_SECONDS", 600))
    stmt = (
        update(JobState)
        .where(JobState.name == name, JobState.next_run_at <= now)
        .where(or_(JobState.lease_until.is_(None), JobState.lease_until < now))
        .values(lease_until=now + lease, leased_by=owner)
    )
    try:
        won = db.session.execute(stmt).rowcount == 1
        db.session.commit()
    except OperationalError:  # SQLite busy past its timeout: someone else is writing; try next round
        db.session.rollback()
        return False
    return won


def run_job(job: jobs.Job, owner: str, now: datetime | None = None) -> bool:
    """Run `job` now if this runner wins its lease; return whether it ran."""
    now = now or utcnow()
    if not claim(job.name, owner, now):
        return False
    started = time.perf_counter()
    try:
        result, error = job.run(), None
    except Exception:  # noqa: BLE001  (a failing job is recorded and retried, never fatal)
        db.session.rollback()
        log.exception("job %s failed", job.name)
        result, error = None, traceback.format_exc(limit=5)[-4000:]
    _finish(job, owner, now, int((time.perf_counter() - started) * 1000), result, error)
    return True


def _finish(job: jobs.Job, owner: str, started: datetime, duration_ms: int, result, error: str | None) -> None:
    finished = max(utcnow(), started)  # a run started at a given `now` never ends before it
    values = {
        "lease_until": None,
        "leased_by": None,
        "last_started_at": started,
        "last_finished_at": finished,
        "last_duration_ms": duration_ms,
        "runs": JobState.runs + 1,
    }
    if error is None:
        values |= {"last_success_at": finished, "last_error": None, "failures": 0}
        values |= {"next_run_at": started + job.every, "last_result": _summary(result)}
    else:
        failures = (db.session.scalar(select(JobState.failures).where(JobState.name == job.name)) or 0) + 1
        values |= {"last_error": error, "failures": failures, "next_run_at": started + retry_delay(job, failures)}
    db.session.execute(update(JobState).where(JobState.name == job.name, JobState.leased_by == owner).values(**values))
    db.session.commit()


def retry_delay(job: jobs.Job, failures: int) -> timedelta:
    """Wait JOBS_RETRY_SECONDS after the first failure, doubling after each one, at most the job's period."""
    base = timedelta(seconds=current_app.config.get("JOBS_RETRY_SECONDS", 30))
    return min(job.every, base * 2 ** min(failures - 1, 20))


def _summary(result) -> str | None:
    """What a run returned, shortened for the status page (a count, a list's length)."""
    if result is None:
        return None
    if isinstance(result, list | tuple | set):
        result = len(result)
    return str(result)[:200]


def run_due(owner: str, now: datetime | None = None) -> list[str]:
    """Run every due job this runner can claim, one after the other; return the names that ran."""
    now = now or utcnow()
    ensure_rows(now)
    ran = []
    for name, job in sorted(jobs.registered().items()):
        try:
            if run_job(job, owner, now):
                ran.append(name)
        except Exception:  # noqa: BLE001  (bookkeeping failed, e.g. the database went away)
            db.session.rollback()
            log.exception("job runner could not run %s", name)
    return ran


def runner_loop(app: Flask, stop: threading.Event | None = None, owner: str | None = None) -> None:
    """Check for due jobs every JOBS_POLL_SECONDS until `stop` is set."""
    from app.extensions import socketio

    owner = owner or new_owner()
    interval = app.config.get("JOBS_POLL_SECONDS", 15)
    while stop is None or not stop.is_set():
        with app.app_context():
            try:
                run_due(owner)
            except Exception:  # noqa: BLE001
                log.exception("job runner round failed")
                db.session.rollback()
            finally:
                db.session.remove()
        if stop is not None:
            stop.wait(interval)
        else:
            socketio.sleep(interval)


def start(app: Flask) -> None:
    """Start the job runner as a background task of this serving process (unless JOBS_IN_PROCESS is off)."""
    from app.extensions import socketio

    if app.config.get("JOBS_IN_PROCESS", True) and os.environ.get("KITH_NO_JOBS") != "1":
        socketio.start_background_task(runner_loop, app)


def request_run(name: str) -> bool:
    """Make job `name` due now (the runner picks it up on its next round); False if unknown."""
    if name not in jobs.registered():
        return False
    ensure_rows()
    db.session.execute(update(JobState).where(JobState.name == name).values(next_run_at=utcnow()))
    db.session.commit()
    return True
