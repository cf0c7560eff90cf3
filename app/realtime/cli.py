"""`flask events worker`: run the event consumers as their own process (multi-server deployments)."""

import click
from flask import current_app
from flask.cli import AppGroup

events_cli = AppGroup("events", help="The event log and its consumers.")


@events_cli.command("worker")
@click.option("--once", is_flag=True, help="Drain every consumer once and exit.")
def worker(once: bool) -> None:
    """Run the event consumers (relay, indexer, notifications) until stopped."""
    from app import run_serve_hooks
    from app.core import events

    app = current_app._get_current_object()
    if once:
        click.echo(f"handled {events.run_all_consumers()} events")
        return
    if not app.config.get("SOCKETIO_MESSAGE_QUEUE"):
        click.echo("warning: SOCKETIO_MESSAGE_QUEUE is not set; live events cannot reach the web processes", err=True)
    run_serve_hooks(app)  # e.g. the search index check: the worker is the index writer
    names = ", ".join(events.consumer_names())
    click.echo(f"consumers: {names}; polling every {app.config['EVENT_POLL_SECONDS']} s")
    events.consumer_loop(app)


@events_cli.command("status")
def status() -> None:
    """Show each consumer's cursor and how far behind the log it is."""
    from sqlalchemy import func, select

    from app.core.events import ConsumerCursor, Event, consumer_names
    from app.extensions import db

    latest = db.session.scalar(select(func.max(Event.id))) or 0
    cursors = {c.name: c.last_event_id for c in db.session.scalars(select(ConsumerCursor))}
    for name in consumer_names():
        at = cursors.get(name, 0)
        click.echo(f"{name:20} at {at:>8}  behind {latest - at}")
