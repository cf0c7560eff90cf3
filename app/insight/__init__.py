"""Customer insight: organizations and people admin, the customer 360, dashboards and root causes.

The ledger (app.insight.ledger) is an event consumer that keeps the fact tables; everything the
dashboards and 360 pages show is computed from them and the event log.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this domain's blueprints, CLI commands, event consumers and demo loader."""
    from app.core import registries
    from app.core.events import register_consumer
    from app.insight import cli, ledger, root_causes, routes, routes_admin, routes_dashboard, routes_insight  # noqa: F401

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.insight_cli)
    register_consumer(ledger.NAME, ledger.handle, priority=200)
    registries.add(app, "tickets.before_solve", root_causes.check_ticket_can_be_solved)
    routes.register_template_helpers(app)
    from app.demo import register_loader
    from app.insight import demo

    register_loader(app, "insight", demo.load)
