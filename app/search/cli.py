"""`flask search ...`: rebuild the index, report its state."""

import click
from flask import Blueprint

from app.search import indexer

bp = Blueprint("search_cli", __name__, cli_group="search")


@bp.cli.command("rebuild")
def rebuild_command():
    """Rebuild the search index from the database (with a progress bar)."""
    from app.search.providers import providers

    indexer.status()["rebuilding"] = True  # the start-up check must not start a second one
    total = sum(p.count() for p in providers().values())
    with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
        count = indexer.rebuild(progress=bar.update)
    click.echo(f"Indexed {count} documents with the {indexer.get_backend().name} backend.")


@bp.cli.command("status")
def status_command():
    """Show whether the index is readable and how many documents it holds."""
    backend = indexer.get_backend()
    readable = backend.check()
    click.echo(f"backend={backend.name} readable={readable} documents={backend.doc_count() if readable else '-'}")
