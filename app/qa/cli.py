import click
from flask.cli import AppGroup

from app.core.errors import DomainError
from app.qa import queries, spaces

spaces_cli = AppGroup("spaces", help="Manage Q&A spaces.")


@spaces_cli.command("create")
@click.option("--name", required=True)
@click.option("--slug", help="Address name; made from the name when left out.")
@click.option("--description", default="")
@click.option("--position", type=int, default=0, show_default=True)
def create_command(name, slug, description, position):
    """Create a space."""
    try:
        space = spaces.create_space(
            None, name=name, slug=slug, description=description, position=position, from_cli=True
        )
    except DomainError as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items()) or str(exc.message)
        raise click.ClickException(details) from None
    click.echo(f"created space {space.slug} ({space.name})")


@spaces_cli.command("list")
def list_command():
    """List spaces in order."""
    for space in queries.spaces():
        click.echo(f"{space.position:>4}  {space.slug}  {space.name}")
