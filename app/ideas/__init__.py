"""Idea boards: ideas, votes, weighted demand, statuses with official responses, merges, roadmap."""

from flask import Flask

from app.ideas import cli, integrations, routes, routes_manage  # noqa: F401  (the product team's routes share the blueprint)
from app.ideas.labels import status_label


def init_app(app: Flask) -> None:
    """Register this domain's blueprints, CLI commands and what it plugs into the platform."""
    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.boards_cli)
    app.cli.add_command(cli.ideas_cli)
    integrations.register(app)
    app.jinja_env.globals.setdefault("idea_status_label", status_label)
