import click
from flask.cli import AppGroup

from app.auth import services
from app.core.errors import DomainError
from app.core.permissions import Role

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--username", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.CUSTOMER.value, show_default=True)
@click.option("--org", "org_name", help="Organization name (created when new).")
@click.option("--tier", type=click.Choice(["standard", "gold", "platinum"]), default="standard", show_default=True)
@click.option("--display-name")
def create_user(email, username, password, role, org_name, tier, display_name):
    """Create a user with a role, optionally in an organization."""
    try:
        org = services.get_or_create_organization(org_name, tier) if org_name else None
        user = services.register_user(
            email=email, username=username, password=password, role=role, organization=org, display_name=display_name
        )
    except DomainError as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items()) or str(exc.message)
        raise click.ClickException(details) from None
    click.echo(f"created {user.username} <{user.email}> as {user.role}")
