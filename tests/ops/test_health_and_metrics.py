"""/readyz reports consumer lag and jobs; /metrics serves Prometheus figures to whom it may."""

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.core import events, jobs
from app.extensions import db
from app.jobs import runner
from app.mail.models import OutboxEmail

OUTSIDE = {"REMOTE_ADDR": "203.0.113.5"}


def _record(n=1):
    for _ in range(n):
        events.record("test.happened", subject_type="test", subject_id=1)
    db.session.commit()


def _samples(text) -> dict[tuple[str, tuple], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_readyz_shows_each_consumers_lag_and_goes_unready_past_the_limit(app, client, drain_events):
    app.config["READY_MAX_CONSUMER_LAG"] = 3
    drain_events()
    _record(2)
    body = client.get("/readyz").get_json()
    assert body["status"] == "ok"
    assert body["checks"]["consumers"]["lag"]["notifications"] == 2
    _record(2)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "notifications" in response.get_json()["checks"]["consumers"]["behind"]
    drain_events()
    response = client.get("/readyz")
    assert response.status_code == 200 and set(response.get_json()["checks"]["consumers"]["lag"].values()) == {0}


def test_readyz_lists_failing_jobs_but_stays_ready(app, client):
    def broken():
        raise RuntimeError("down")

    jobs.register(app, "test.broken", every=timedelta(hours=1), run=broken)
    runner.run_due("readyz")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["jobs"]["failing"] == ["test.broken"]


def test_metrics_count_requests_and_report_the_log_lag_jobs_and_outbox(app, client, drain_events):
    drain_events()
    _record(3)
    runner.run_due("metrics")
    db.session.add(OutboxEmail(to_address="a@example.com", subject="Hi", body_text="Hello", kind="test"))
    db.session.commit()
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no/such/page")
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    samples = _samples(response.get_data(as_text=True))
    assert (
        samples[("kith_http_requests_total", (("endpoint", "main.health"), ("method", "GET"), ("status", "200")))] == 2
    )
    assert samples[("kith_http_requests_total", (("endpoint", "unmatched"), ("method", "GET"), ("status", "404")))] == 1
    count = ("kith_http_request_duration_seconds_count", (("endpoint", "main.health"), ("method", "GET")))
    assert samples[count] == 2
    head = samples[("kith_event_log_head", ())]
    assert head == db.session.scalar(db.select(db.func.max(events.Event.id)))
    assert samples[("kith_event_consumer_lag", (("consumer", "notifications"),))] == 3
    assert samples[("kith_job_last_success_timestamp_seconds", (("job", "moderation.expire"),))] > 0
    assert samples[("kith_job_runs_total", (("job", "tickets.auto_escalate"),))] == 1
    assert samples[("kith_outbox_unsent", ())] == 1


def test_metrics_without_a_token_are_served_only_to_loopback(client):
    assert client.get("/metrics").status_code == 200
    response = client.get("/metrics", environ_base=OUTSIDE)
    assert response.status_code == 403 and "loopback" in response.get_data(as_text=True)


@pytest.mark.config(METRICS_TOKEN="s3cret-metrics-token")
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, 401),
        ("Bearer wrong", 401),
        ("Basic s3cret-metrics-token", 401),
        ("Bearer s3cret-metrics-token", 200),
    ],
)
def test_metrics_with_a_token_need_it_from_anywhere(client, header, expected):
    headers = {"Authorization": header} if header else {}
    response = client.get("/metrics", headers=headers, environ_base=OUTSIDE)
    assert response.status_code == expected
    if expected == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert client.get("/metrics").status_code == 401, "loopback needs the token too once it is set"
