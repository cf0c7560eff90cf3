"""Operations: readiness checks (consumer lag, jobs), Prometheus metrics, backup and restore."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core import registries
    from app.ops import cli, health, metrics

    registries.add(app, health.READY_CHECKS, health.consumers_check)
    registries.add(app, health.READY_CHECKS, health.jobs_check)
    metrics.init_metrics(app)
    app.cli.add_command(cli.backup_cli)
