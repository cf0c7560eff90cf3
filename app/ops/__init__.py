"""Operations: readiness checks of the platform (consumer lag, jobs) and Prometheus metrics."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core import registries
    from app.ops import health, metrics

    registries.add(app, health.READY_CHECKS, health.consumers_check)
    registries.add(app, health.READY_CHECKS, health.jobs_check)
    metrics.init_metrics(app)
