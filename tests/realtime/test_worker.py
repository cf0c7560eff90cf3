"""The consumers run once across processes: `flask events worker` and the SQLite file lock."""

from app.core import events
from app.extensions import db


def test_events_worker_once_drains_every_consumer(app, qa):
    qa.question()
    result = app.test_cli_runner().invoke(args=["events", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "handled" in result.output
    status = app.test_cli_runner().invoke(args=["events", "status"])
    assert "realtime" in status.output and "behind 0" in status.output


def test_only_one_holder_of_the_consumers_lock_at_a_time(app):
    if db.engine.dialect.name != "sqlite":
        with events.consumers_lock(app) as mine:
            assert mine is True  # PostgreSQL relies on FOR UPDATE SKIP LOCKED on each cursor row
        return
    with events.consumers_lock(app) as first:
        with events.consumers_lock(app) as second:
            assert (first, second) == (True, False)
    with events.consumers_lock(app) as again:
        assert again is True


def test_the_relay_runs_before_slower_consumers():
    names = events.consumer_names()
    assert names[0] == "realtime"
