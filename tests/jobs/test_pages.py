"""/admin/jobs and `flask jobs status`: what an admin sees of the periodic jobs."""

from datetime import timedelta

import pytest

from app.core import jobs
from app.core.timeutil import utcnow
from app.jobs import runner

ROLES = ["anonymous", "customer", "moderator", "product_manager", "admin"]


@pytest.fixture
def users(make_user):
    return {"anonymous": None} | {role: make_user(role=role) for role in ROLES[1:]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("customer", 403), ("moderator", 403), ("product_manager", 403), ("admin", 200)],
)
def test_only_admins_see_the_jobs_page(client_for, users, role, expected):
    assert client_for(users[role]).get("/admin/jobs/").status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("customer", 403), ("moderator", 403), ("product_manager", 403), ("admin", 302)],
)
def test_only_admins_may_ask_for_a_run(app, client_for, users, role, expected):
    runner.ensure_rows()
    later = utcnow() + timedelta(hours=1)
    from app.extensions import db
    from app.jobs.models import JobState

    db.session.get(JobState, "moderation.expire").next_run_at = later
    db.session.commit()
    assert client_for(users[role]).post("/admin/jobs/moderation.expire/run").status_code == expected
    db.session.expire_all()
    became_due = db.session.get(JobState, "moderation.expire").next_run_at < later
    assert became_due is (expected == 302 and role == "admin")


def test_running_an_unknown_job_is_404(client_for, users):
    assert client_for(users["admin"]).post("/admin/jobs/nope/run").status_code == 404


def _failing():
    raise RuntimeError("SMTP said no")


def test_the_page_shows_schedule_last_run_result_and_last_error(app, client_for, users):
    jobs.register(app, "test.broken", every=timedelta(hours=1), run=_failing)
    runner.run_due("page-test")
    html = client_for(users["admin"]).get("/admin/jobs/").get_data(as_text=True)
    assert "Escalate unanswered questions to support" in html and "tickets.auto_escalate" in html
    assert "5m" in html and "1h" in html and "15m" in html
    assert "RuntimeError: SMTP said no" in html and "failed 1 time in a row" in html
    assert html.count("Run now") == len(jobs.registered())


def test_the_page_is_translated(app, client_for, users):
    client = client_for(users["admin"])
    client.post("/language", data={"locale": "zh_Hans"})
    html = client.get("/admin/jobs/").get_data(as_text=True)
    assert "定时任务" in html and "将未解答的问题升级给客服" in html
    client.post("/language", data={"locale": "zh_Hant"})
    assert "排程工作" in client.get("/admin/jobs/").get_data(as_text=True)


def test_cli_status_lists_every_job_with_its_last_error(app):
    jobs.register(app, "test.broken", every=timedelta(hours=1), run=_failing)
    runner.run_due("cli-test")
    output = app.test_cli_runner().invoke(args=["jobs", "status"]).output
    for name in ("tickets.auto_escalate", "tickets.sla_warnings", "moderation.expire", "notifications.digest"):
        assert name in output
    assert "failing" in output and "last error: RuntimeError: SMTP said no" in output


def test_cli_run_runs_a_job_now(app):
    calls = []
    jobs.register(app, "test.now", every=timedelta(days=1), run=lambda: calls.append(1))
    result = app.test_cli_runner().invoke(args=["jobs", "run", "test.now"])
    assert result.exit_code == 0 and "test.now: ran" in result.output and calls == [1]
    result = app.test_cli_runner().invoke(args=["jobs", "run", "nope"])
    assert result.exit_code != 0 and "unknown job" in result.output
