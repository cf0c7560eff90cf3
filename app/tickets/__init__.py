"""Support tickets: escalation of public threads, a private conversation, SLA clocks and CSAT."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core.events import register_audience
    from app.demo import register_loader
    from app.tickets import cli, demo, notify, routes, services, views

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.tickets_cli)
    register_audience("ticket", services.audience_rule)
    notify.register()
    views.register(app)
    register_loader("tickets", demo.load)
