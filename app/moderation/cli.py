import click
from flask.cli import AppGroup

from app.moderation import users

moderation_cli = AppGroup("moderation", help="Moderation.")


@moderation_cli.command("expire")
def expire_command():
    """Lift suspensions whose period has ended."""
    click.echo(f"Lifted {users.expire()} ended suspension(s).")
