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
    _register_jobs(app)


def _register_jobs(app: Flask) -> None:
    from datetime import timedelta

    from flask_babel import lazy_gettext as _l

    from app.core import jobs
    from app.tickets import escalation, sla_warnings

    jobs.register(
        app,
        "tickets.auto_escalate",
        every=timedelta(minutes=5),
        run=escalation.auto_escalate,
        label=_l("Escalate unanswered questions to support"),
    )
    jobs.register(
        app,
        "tickets.sla_warnings",
        every=timedelta(minutes=5),
        run=sla_warnings.warn_due,
        label=_l("Warn assignees of tickets about to breach their SLA"),
    )
