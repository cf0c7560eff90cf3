"""What the tickets domain plugs into the platform: its audience and room, notifications, demo data."""

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.core import jobs
from app.core.events import register_audience
from app.demo import register_loader
from app.realtime import rooms
from app.tickets import demo, escalation, notify, services, sla_warnings


def register(app: Flask) -> None:
    """Register the `ticket:<id>` audience and room, the notification rules and the demo loader."""
    register_audience(app, "ticket", services.audience_rule)
    # Whoever may see a ticket's events may be in its room; access can change while connected.
    rooms.register_room(app, "ticket", rooms.follows_audience("ticket"), payload_key="ticket_id", restricted=True)
    notify.register(app)
    register_loader(app, "tickets", demo.load)
    _register_jobs(app)


def _register_jobs(app: Flask) -> None:
    every = timedelta(minutes=5)
    label = _l("Escalate unanswered questions to support")
    jobs.register(app, "tickets.auto_escalate", every=every, run=escalation.auto_escalate, label=label)
    label = _l("Warn assignees of tickets about to breach their SLA")
    jobs.register(app, "tickets.sla_warnings", every=every, run=sla_warnings.warn_due, label=label)
