"""Readiness checks that /readyz adds to its own: event consumers' lag and the jobs' state.

A check returns (name, details, ready). Domains and the platform add theirs to the list
registry READY_CHECKS; /readyz answers 503 when any says not ready.
"""

from flask import current_app
from sqlalchemy import func, select

from app.core import events
from app.extensions import db

READY_CHECKS = "health.ready_checks"


def consumer_lags() -> tuple[int, dict[str, int]]:
    """The event log's head id and how many events each registered consumer has yet to handle.

    Counted, not subtracted: ids need not start at 1 nor be contiguous (PostgreSQL sequences).
    """
    head = db.session.scalar(select(func.max(events.Event.id))) or 0
    cursors = dict(db.session.execute(select(events.ConsumerCursor.name, events.ConsumerCursor.last_event_id)).all())
    lags = {}
    for name in events.consumer_names():
        at = cursors.get(name, 0)
        lags[name] = 0 if at >= head else db.session.scalar(select(func.count()).where(events.Event.id > at))
    return head, lags


def consumers_check() -> tuple[str, dict, bool]:
    """Ready while every consumer is within READY_MAX_CONSUMER_LAG events of the log's head."""
    head, lags = consumer_lags()
    limit = current_app.config.get("READY_MAX_CONSUMER_LAG", 1000)
    behind = {name: lag for name, lag in lags.items() if lag > limit}
    return "consumers", {"head": head, "lag": lags, "max_lag": limit, "behind": sorted(behind)}, not behind


def jobs_check() -> tuple[str, dict, bool]:
    """Report failing and running jobs; a failing job is an alert, not a reason to stop serving."""
    from app.jobs.status import job_statuses

    statuses = job_statuses()
    details = {
        "registered": len(statuses),
        "failing": sorted(s.name for s in statuses if s.failing),
        "running": sorted(s.name for s in statuses if s.running),
    }
    return "jobs", details, True
