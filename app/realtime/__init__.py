"""Realtime threads over Socket.IO: the event-log relay, authorized rooms, presence and typing."""

from flask import Flask

from app.core import slots
from app.core.events import register_consumer
from app.realtime import cli, relay, rooms, routes, sockets, state


def init_app(app: Flask) -> None:
    """Register the relay consumer, the socket handlers, the rooms, the vendor route and the CLI."""
    app.config.setdefault("REALTIME_RECHECK_SECONDS", 0.5)
    app.config.setdefault("REALTIME_PRESENCE_DELAY", 0 if app.testing else 1.0)
    state.reset()
    sockets.register_handlers()
    rooms.register_platform_rooms(app)
    register_consumer(relay.CONSUMER, relay.relay, priority=0)
    app.register_blueprint(routes.bp)
    app.before_request(routes.remember_event_floor)
    app.cli.add_command(cli.events_cli)
    slots.register_partial(app, "layout.scripts", "realtime/_scripts.html")
