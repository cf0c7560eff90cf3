import click
from flask.cli import AppGroup

from app.mail import services

mail_cli = AppGroup("mail", help="The email outbox.")


@mail_cli.command("send")
def send_command():
    """Deliver queued mail through SMTP."""
    click.echo(f"sent {services.deliver_pending()}")
