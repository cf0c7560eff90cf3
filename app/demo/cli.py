import click
from flask.cli import AppGroup

from app.demo import services

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no users.")
def load_command(if_empty: bool):
    """Load demo organizations, users and content."""
    if if_empty and not services.database_is_empty():
        click.echo("Database already has users; demo data not loaded.")
        return
    if not services.database_is_empty():
        raise click.ClickException("The database already has users; demo data goes into an empty database.")
    services.load_demo()
    click.echo("Demo data loaded. Sign in with any of these:")
    for line in services.demo_logins():
        click.echo("  " + line)
