"""Prometheus metrics at /metrics: requests by endpoint and status, event log and consumer lag,
jobs, outbox size. Bearer METRICS_TOKEN, or (without a token) only from the loopback address.

Each app has its own registry (tests build many apps); database figures are read at scrape time.
"""

import hmac
import time

from flask import Blueprint, Flask, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from app.extensions import db

bp = Blueprint("ops", __name__)
_KEY = "kith_metrics"
LOOPBACK = {"127.0.0.1", "::1"}


class _Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "kith_http_requests", "HTTP requests served.", ["endpoint", "method", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "kith_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["endpoint", "method"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.registry.register(_DatabaseCollector())


class _DatabaseCollector:
    """Figures read from the database when Prometheus scrapes (inside the /metrics request)."""

    def collect(self):
        from app.jobs.status import job_statuses
        from app.mail.models import OutboxEmail
        from app.ops.health import consumer_lags

        head, lags = consumer_lags()
        yield GaugeMetricFamily("kith_event_log_head", "Id of the newest event in the log.", value=head)
        lag = GaugeMetricFamily(
            "kith_event_consumer_lag", "Events a consumer has not handled yet.", labels=["consumer"]
        )
        for name, behind in sorted(lags.items()):
            lag.add_metric([name], behind)
        yield lag
        yield from _job_metrics(job_statuses())
        unsent = db.session.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.sent_at.is_(None)))
        yield GaugeMetricFamily("kith_outbox_unsent", "Queued mail not sent yet.", value=unsent or 0)


def _job_metrics(statuses):
    success = GaugeMetricFamily(
        "kith_job_last_success_timestamp_seconds", "When a job last succeeded (0: never).", labels=["job"]
    )
    duration = GaugeMetricFamily("kith_job_last_duration_seconds", "How long a job's last run took.", labels=["job"])
    failures = GaugeMetricFamily("kith_job_consecutive_failures", "Failed runs of a job in a row.", labels=["job"])
    runs = CounterMetricFamily("kith_job_runs", "Runs of a job (all processes).", labels=["job"])
    for status in statuses:
        state = status.state
        success.add_metric([status.name], state.last_success_at.timestamp() if state and state.last_success_at else 0)
        duration.add_metric([status.name], (state.last_duration_ms or 0) / 1000 if state else 0)
        failures.add_metric([status.name], state.failures if state else 0)
        runs.add_metric([status.name], state.runs if state else 0)
    yield from (success, duration, failures, runs)


def init_metrics(app: Flask) -> None:
    """Count and time every request of `app` and serve /metrics."""
    app.extensions[_KEY] = _Metrics()
    app.before_request(_start_timer)
    app.after_request(_observe)
    app.register_blueprint(bp)


def _start_timer() -> None:
    request.environ["kith.request_started"] = time.perf_counter()


def _observe(response: Response) -> Response:
    started = request.environ.get("kith.request_started")
    if started is not None:
        metrics: _Metrics = current_app.extensions[_KEY]
        endpoint = request.endpoint or "unmatched"  # unknown paths share one label: no label per URL
        metrics.requests.labels(endpoint, request.method, str(response.status_code)).inc()
        metrics.latency.labels(endpoint, request.method).observe(time.perf_counter() - started)
    return response


@bp.get("/metrics")
def metrics():
    """The Prometheus exposition (bearer METRICS_TOKEN; loopback only without one)."""
    _authorize()
    registry = current_app.extensions[_KEY].registry
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _authorize() -> None:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            abort(Response("A valid bearer token is required.\n", 401, {"WWW-Authenticate": "Bearer"}))
        return
    if request.remote_addr not in LOOPBACK:
        abort(Response("Metrics are served only to the loopback address without METRICS_TOKEN.\n", 403))
