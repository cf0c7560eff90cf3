"""Periodic jobs: the runner that executes what domains register through `app.core.jobs`."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app import on_serve
    from app.jobs import cli, models, routes, runner  # noqa: F401  (models register their table)

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.jobs_cli)
    on_serve(app, runner.start)
