import click
from flask.cli import AppGroup

from app.channels import delivery

webhooks_cli = AppGroup("webhooks", help="Signed webhook deliveries.")


@webhooks_cli.command("retry")
@click.option("--limit", default=200, show_default=True, help="Most deliveries to attempt.")
def retry_command(limit: int):
    """Send every delivery that is due now (new ones and retries)."""
    click.echo(f"attempted {delivery.deliver_due(limit=limit)}")


@click.command("receive")
def receive_command():
    """Take one RFC 822 message on standard input (an MTA pipe) and post or log it."""
    import sys

    from flask import current_app

    from app.channels import inbound

    raw = sys.stdin.buffer.read(current_app.config["MAIL_INBOUND_MAX_BYTES"] + 1)
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        outcome = inbound.receive(raw)
    click.echo(f"{outcome.status}{': ' + outcome.reason if outcome.reason else ''}")


@click.command("fetch")
@click.option("--limit", default=100, show_default=True, help="Most messages to read.")
def fetch_command(limit: int):
    """Read new messages from the IMAP mailbox (MAIL_IMAP_*) into tickets and answers."""
    from app.channels import imap

    counts = imap.fetch(limit=limit)
    click.echo(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing to read")
