"""`flask boards ...` and `flask ideas ...`: boards from the command line, demand recounts."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.core.errors import DomainError
from app.core.uow import unit_of_work
from app.extensions import db
from app.ideas import services
from app.ideas.models import Idea

boards_cli = AppGroup("boards", help="Manage idea boards.")
ideas_cli = AppGroup("ideas", help="Maintain ideas.")


@boards_cli.command("create")
@click.option("--name", required=True)
@click.option("--slug", help="Address of the board (derived from the name when left out).")
@click.option("--description", default="")
@click.option("--budget", "vote_budget", type=int, help="Votes per person on open ideas (unlimited when left out).")
@click.option("--position", type=int, default=0)
def create_board(name, slug, description, vote_budget, position):
    """Create an idea board."""
    try:
        board = services.create_board(
            None,
            name=name,
            slug=slug,
            description=description,
            vote_budget=vote_budget,
            position=position,
            system=True,
        )
    except DomainError as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items()) or str(exc.message)
        raise click.ClickException(details) from None
    click.echo(f"created board {board.slug} ({board.name})")


@boards_cli.command("list")
def list_boards():
    """List the boards."""
    for board in services.list_boards():
        budget = board.vote_budget if board.vote_budget is not None else "-"
        click.echo(f"{board.id}\t{board.slug}\t{board.name}\tbudget={budget}")


@ideas_cli.command("recount")
def recount():
    """Recompute raw and weighted demand of every idea (after tier weights or tiers change)."""
    count = 0
    for idea_id in list(db.session.scalars(select(Idea.id))):
        with unit_of_work():  # one idea per transaction: short row locks
            idea = services.lock_idea(idea_id)
            services.refresh_demand(idea)
        count += 1
    click.echo(f"recounted {count} ideas")
