"""Support tickets: escalation of public threads, a private conversation, SLA clocks and CSAT."""

from flask import Flask

from app.tickets import cli, integrations, routes, template_helpers


def init_app(app: Flask) -> None:
    """Register the blueprint, CLI, template helpers and what tickets plug into the platform."""
    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.tickets_cli)
    template_helpers.register(app)
    integrations.register(app)
