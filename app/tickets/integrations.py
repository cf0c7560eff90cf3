"""What the tickets domain plugs into the platform: its audience and room, notifications, demo data."""

from flask import Flask

from app.core.events import register_audience
from app.demo import register_loader
from app.realtime import rooms
from app.tickets import demo, notify, services


def register(app: Flask) -> None:
    """Register the `ticket:<id>` audience and room, the notification rules and the demo loader."""
    register_audience(app, "ticket", services.audience_rule)
    # Whoever may see a ticket's events may be in its room; access can change while connected.
    rooms.register_room(app, "ticket", rooms.follows_audience("ticket"), payload_key="ticket_id", restricted=True)
    notify.register(app)
    register_loader(app, "tickets", demo.load)
