"""`flask backup create` and `flask backup restore <archive>`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.errors import DomainError
from app.core.timeutil import utcnow
from app.extensions import db
from app.ops import backup

backup_cli = AppGroup("backup", help="Back up this site into one archive, or restore one into an empty site.")


def _total_rows() -> int:
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return sum(backup._count(conn, t) for t in db.metadata.sorted_tables if t.name in present)


def _page_count() -> int:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text("PRAGMA page_count")).scalar() or 1


@backup_cli.command("create")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Archive path (default: instance/backups/).")
def create_command(output: str | None) -> None:
    """Write the database, uploaded files and a manifest (row counts, content hashes) to one archive."""
    if output is None:
        folder = Path(current_app.instance_path) / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        output = str(folder / f"kith-{utcnow():%Y%m%d-%H%M%S}.tar.gz")
    # SQLite copies pages, PostgreSQL rows: the bar counts whichever the engine reports.
    length = _page_count() if db.engine.dialect.name == "sqlite" else _total_rows()
    with click.progressbar(length=length, label="Backing up", show_pos=True) as bar:
        manifest = backup.create_backup(output, progress=bar.update)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"Wrote {output}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files.")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore_command(archive: str) -> None:
    """Restore an archive into this empty installation (any engine), checking every table's hash."""
    try:
        manifest = backup.read_manifest(archive)
        total = sum(t["rows"] for t in manifest["tables"].values())
        with click.progressbar(length=total, label="Restoring", show_pos=True) as bar:
            backup.restore_backup(archive, progress=bar.update)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {total} rows into {db.engine.dialect.name}; every table matches the backup.")
    click.echo("The search index is rebuilt on the next start (or now: flask search rebuild).")
