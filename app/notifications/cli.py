import click
from flask.cli import AppGroup

from app.notifications import mailer

notifications_cli = AppGroup("notifications", help="Notifications and notification mail.")


@notifications_cli.command("digest")
def digest_command():
    """Queue the daily digest mail for every user who chose it (run once a day, e.g. from cron)."""
    click.echo(f"digests queued: {mailer.send_daily_digests()}")
