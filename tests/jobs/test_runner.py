"""The job runner: each job runs on its schedule, once across runners, failures recorded and retried."""

import threading
from datetime import timedelta

import pytest

from app.core import jobs
from app.core.timeutil import utcnow
from app.extensions import db
from app.jobs import runner
from app.jobs.models import JobState


@pytest.fixture(autouse=True)
def only_test_jobs(app):
    """Start from no registered job, so each test sees only the jobs it registers."""
    app.extensions["kith_registries"]["jobs"] = {}


def _state(name) -> JobState:
    db.session.expire_all()
    return db.session.get(JobState, name)


def _register(app, name, fn, every=timedelta(minutes=5)):
    return jobs.register(app, name, every=every, run=fn)


def test_a_due_job_runs_and_waits_for_its_next_period(app):
    calls = []
    _register(app, "test.count", lambda: calls.append(1) or 7)
    start = utcnow()
    assert runner.run_due("a", now=start) == ["test.count"]
    assert runner.run_due("a", now=start + timedelta(minutes=4)) == []
    assert runner.run_due("a", now=start + timedelta(minutes=5)) == ["test.count"]
    state = _state("test.count")
    assert len(calls) == 2 and state.runs == 2 and state.last_result == "7"
    assert state.next_run_at == start + timedelta(minutes=10)
    assert state.last_error is None and state.lease_until is None and state.last_duration_ms is not None


def test_two_runners_racing_run_a_job_once_per_period(app):
    """Several runners (threads with their own sessions, like processes) start together."""
    calls = []
    _register(app, "test.once", lambda: calls.append(threading.get_ident()))
    start = utcnow()
    with app.app_context():
        runner.ensure_rows(start)
    for period in range(3):
        now = start + timedelta(minutes=5 * period)
        barrier = threading.Barrier(4)
        ran: list[list[str]] = []
        errors: list[BaseException] = []

        def race(owner, now=now, barrier=barrier, ran=ran, errors=errors):
            with app.app_context():
                try:
                    barrier.wait(timeout=10)
                    ran.append(runner.run_due(owner, now=now))
                except BaseException as exc:  # noqa: BLE001
                    errors.append(exc)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=race, args=(f"runner-{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors
        assert sorted(len(r) for r in ran) == [0, 0, 0, 1], f"period {period}: {ran}"
    assert len(calls) == 3
    assert _state("test.once").runs == 3


def test_a_job_held_by_another_runner_is_not_started_until_its_lease_runs_out(app):
    calls = []
    _register(app, "test.leased", lambda: calls.append(1))
    now = utcnow()
    runner.ensure_rows(now)
    assert runner.claim("test.leased", "crashed-runner", now)
    assert runner.run_due("b", now=now + timedelta(seconds=30)) == []
    # The holder died mid-run: after the lease (10 minutes) another runner takes over.
    assert runner.run_due("b", now=now + timedelta(minutes=11)) == ["test.leased"]
    assert calls == [1]


@pytest.mark.config(JOBS_RETRY_SECONDS=30)
def test_a_failing_job_records_its_error_is_retried_sooner_and_never_stops_the_others(app):
    attempts, others = [], []

    def broken():
        attempts.append(1)
        if len(attempts) < 3:
            raise RuntimeError("mail server unreachable")
        return "recovered"

    _register(app, "test.a_broken", broken, every=timedelta(hours=1))
    _register(app, "test.b_other", lambda: others.append(1), every=timedelta(hours=1))
    start = utcnow()
    assert runner.run_due("a", now=start) == ["test.a_broken", "test.b_other"]
    state = _state("test.a_broken")
    assert "RuntimeError: mail server unreachable" in state.last_error
    assert state.failures == 1 and state.last_success_at is None
    assert state.next_run_at - start < timedelta(seconds=31), "retried after 30 s, not in an hour"
    assert others == [1]
    # The second failure waits twice as long.
    assert runner.run_due("a", now=start + timedelta(seconds=30)) == ["test.a_broken"]
    assert _state("test.a_broken").failures == 2
    assert runner.run_due("a", now=start + timedelta(seconds=60)) == []
    assert runner.run_due("a", now=start + timedelta(seconds=95)) == ["test.a_broken"]
    state = _state("test.a_broken")
    assert state.failures == 0 and state.last_error is None and state.last_result == "recovered"


def test_a_failed_job_leaves_no_half_written_rows(app):
    from app.auth.models import Organization

    def half_then_fail():
        db.session.add(Organization(name="Halfway Ltd"))
        db.session.flush()
        raise ValueError("boom")

    _register(app, "test.half", half_then_fail)
    runner.run_due("a")
    assert db.session.scalar(db.select(Organization).where(Organization.name == "Halfway Ltd")) is None
    assert "ValueError: boom" in _state("test.half").last_error


def test_the_runner_loop_runs_due_jobs_by_itself_and_stops(app):
    ran = threading.Event()
    _register(app, "test.loop", ran.set)
    stop = threading.Event()
    thread = threading.Thread(target=runner.runner_loop, args=(app, stop, "loop"), daemon=True)
    app.config["JOBS_POLL_SECONDS"] = 0.05
    thread.start()
    try:
        assert ran.wait(timeout=10), "the loop ran the due job without anyone calling it"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_asking_for_a_run_makes_the_job_due_now(app):
    calls = []
    _register(app, "test.manual", lambda: calls.append(1), every=timedelta(days=1))
    start = utcnow()
    runner.run_due("a", now=start)
    assert runner.run_due("a") == []
    assert runner.request_run("test.manual") and not runner.request_run("test.nope")
    assert runner.run_due("a") == ["test.manual"] and calls == [1, 1]
