import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.core.events import Event
from app.extensions import db
from app.insight import ledger

insight_cli = AppGroup("insight", help="Customer insight: fact tables and measures.")


@insight_cli.command("rebuild")
def rebuild_command():
    """Rebuild the insight fact tables from the whole event log."""
    total = db.session.scalar(select(func.count()).select_from(Event)) or 0
    with click.progressbar(length=total, label="Replaying the event log") as bar:
        read = ledger.rebuild(progress=bar.update)
    click.echo(f"Rebuilt the insight facts from {read} events.")
