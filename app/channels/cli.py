import click
from flask.cli import AppGroup

from app.channels import delivery

webhooks_cli = AppGroup("webhooks", help="Signed webhook deliveries.")


@webhooks_cli.command("retry")
@click.option("--limit", default=200, show_default=True, help="Most deliveries to attempt.")
def retry_command(limit: int):
    """Send every delivery that is due now (new ones and retries)."""
    click.echo(f"attempted {delivery.deliver_due(limit=limit)}")
