"""Backup and restore: one archive (a SQLite snapshot of the database, a manifest, uploaded files)
that restores into an empty installation on SQLite or PostgreSQL.

The snapshot is always a SQLite file: a SQLite site is copied with the online-backup API, a
PostgreSQL site table by table inside one REPEATABLE READ transaction. Restore copies it table by
table through SQLAlchemy in dependency order (columns of cyclic foreign keys filled in a second
pass), resets PostgreSQL sequences, and checks every table's row count and content hash against
the manifest before it commits. The search index is rebuilt by the search domain, not backed up.
"""

import hashlib
import io
import json
import os
import platform
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy
from flask import current_app
from sqlalchemy import create_engine, func, inspect, select, text

from app.core.errors import Conflict, ValidationError
from app.core.timeutil import utcnow
from app.extensions import db

FORMAT = 1
SNAPSHOT = "database.sqlite3"
MANIFEST = "manifest.json"
FILES = "files"
BATCH = 500
Progress = Callable[[int], None]


def _noop(_n: int) -> None:
    return None


# --- what a table holds ------------------------------------------------------------------------


def _plain(value):
    """A value in a form both engines give back alike (aware UTC times, sorted JSON)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def table_digest(conn, table) -> tuple[int, str]:
    """(row count, sha256 of the rows) of `table`, independent of row order and engine."""
    hashes = []
    for row in conn.execute(select(table)):
        line = json.dumps([_plain(v) for v in row], sort_keys=True, default=str, ensure_ascii=False)
        hashes.append(hashlib.sha256(line.encode()).digest())
    digest = hashlib.sha256(b"".join(sorted(hashes))).hexdigest()
    return len(hashes), digest


def digests(conn) -> dict[str, dict]:
    """Row count and content hash of every model table present on `conn`."""
    present = set(inspect(conn).get_table_names())
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name in present:
            rows, sha = table_digest(conn, table)
            found[table.name] = {"rows": rows, "sha256": sha}
    return found


def schema_revision(conn) -> str | None:
    """The Alembic revision of the database on `conn` (None before any migration)."""
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- create ------------------------------------------------------------------------------------


def create_backup(path: str | os.PathLike, progress: Progress = _noop) -> dict:
    """Write the archive to `path`; return its manifest."""
    with tempfile.TemporaryDirectory() as work:
        snapshot = Path(work) / SNAPSHOT
        _snapshot(snapshot, progress)
        engine = create_engine(f"sqlite:///{snapshot}")
        try:
            with engine.connect() as conn:
                manifest = _manifest(conn)
        finally:
            engine.dispose()
        files = _upload_folder()
        manifest["files"] = _file_list(files)
        with tarfile.open(path, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
            archive.add(snapshot, arcname=SNAPSHOT)
            if files:
                archive.add(files, arcname=FILES)
    return manifest


def _manifest(conn) -> dict:
    return {
        "format": FORMAT,
        "created_at": utcnow().isoformat(),
        "source_engine": db.engine.dialect.name,
        "schema_revision": schema_revision(conn),
        "versions": {"python": platform.python_version(), "sqlalchemy": sqlalchemy.__version__},
        "tables": digests(conn),
    }


def _snapshot(target: Path, progress: Progress) -> None:
    if db.engine.dialect.name == "sqlite":
        _sqlite_online_backup(target, progress)
    else:
        _copy_to_sqlite(target, progress)


def _sqlite_online_backup(target: Path, progress: Progress) -> None:
    """Copy the live SQLite database page by page without stopping writers."""
    raw = db.engine.raw_connection()
    try:
        source: sqlite3.Connection = raw.driver_connection
        dest = sqlite3.connect(target)
        try:
            done = [0]

            def step(_status, remaining, total):
                progress(total - remaining - done[0])
                done[0] = total - remaining

            source.backup(dest, pages=256, progress=step)
        finally:
            dest.close()
    finally:
        raw.close()


def _copy_to_sqlite(target: Path, progress: Progress) -> None:
    """Copy every table into a new SQLite file inside one consistent (REPEATABLE READ) read."""
    dest = create_engine(f"sqlite:///{target}")
    try:
        db.metadata.create_all(dest)
        source = db.engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with source, source.begin(), dest.begin() as out:
            revision = schema_revision(source)
            if revision:
                out.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
                out.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": revision})
            _load(source, out, progress)
    finally:
        dest.dispose()


def _copy_rows(source, dest, table, progress: Progress, nulled: tuple = ()) -> None:
    rows = []
    for row in source.execute(select(table)).mappings():
        rows.append({k: (None if k in nulled else v) for k, v in row.items()})
        if len(rows) >= BATCH:
            dest.execute(table.insert(), rows)
            progress(len(rows))
            rows = []
    if rows:
        dest.execute(table.insert(), rows)
        progress(len(rows))


def _upload_folder() -> Path | None:
    folder = current_app.config.get("UPLOAD_FOLDER")
    return Path(folder) if folder and Path(folder).is_dir() else None


def _file_list(folder: Path | None) -> list[dict]:
    if folder is None:
        return []
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found.append({"path": str(path.relative_to(folder)), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    return found


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(utcnow().timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- restore -----------------------------------------------------------------------------------


def read_manifest(path: str | os.PathLike) -> dict:
    """The manifest of an archive (a clear error when it is not a Kith backup)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise ValidationError(f"{path} is not a Kith backup archive ({exc.__class__.__name__}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationError(f"{path} is not a Kith backup archive of format {FORMAT}.")
    return manifest


def restore_backup(path: str | os.PathLike, progress: Progress = _noop) -> dict:
    """Restore the archive into this empty installation; return the manifest it matched."""
    manifest = read_manifest(path)
    with db.engine.connect() as conn:
        _check_target(conn, manifest)
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        archive.extractall(work, filter="data")
        source = create_engine(f"sqlite:///{Path(work) / SNAPSHOT}")
        try:
            with source.connect() as src, db.engine.begin() as dst:
                _load(src, dst, progress)
                _check_copy(dst, manifest)
        finally:
            source.dispose()
        _restore_files(Path(work) / FILES, manifest)
    return manifest


def _check_target(conn, manifest: dict) -> None:
    revision = schema_revision(conn)
    if revision != manifest.get("schema_revision"):
        raise Conflict(
            f"The backup has schema revision {manifest.get('schema_revision')}, this installation {revision}: "
            "run `flask db upgrade` (or the matching Kith version) first."
        )
    present = set(inspect(conn).get_table_names())
    used = [t.name for t in db.metadata.sorted_tables if t.name in present and _count(conn, t)]
    if used:
        raise Conflict(f"Restore needs an empty installation; these tables hold rows: {', '.join(used)}.")


def _count(conn, table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar() or 0


def _load(src, dst, progress: Progress) -> None:
    """Copy every table in dependency order; fill cyclic and self-referencing keys afterwards."""
    present = set(inspect(src).get_table_names())
    later = []
    for table in db.metadata.sorted_tables:
        if table.name not in present:
            continue
        # Keys into a later table (use_alter) or into the same table (a merge into a newer idea).
        cyclic = tuple(
            sorted({fk.parent.name for fk in table.foreign_keys if fk.constraint.use_alter or fk.column.table is table})
        )
        _copy_rows(src, dst, table, progress, nulled=cyclic)
        if cyclic:
            later.append((table, cyclic))
    for table, columns in later:
        _fill_columns(src, dst, table, columns)
    if dst.dialect.name == "postgresql":
        _reset_sequences(dst)


def _fill_columns(src, dst, table, columns: tuple) -> None:
    pk = list(table.primary_key.columns)
    for row in src.execute(select(*pk, *[table.c[c] for c in columns])).mappings():
        values = {c: row[c] for c in columns if row[c] is not None}
        if values:
            dst.execute(table.update().where(*[col == row[col.name] for col in pk]).values(**values))


def _reset_sequences(dst) -> None:
    """Move each serial id's sequence past the restored rows, so new rows get fresh ids."""
    for table in db.metadata.sorted_tables:
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or not isinstance(columns[0].type, sqlalchemy.Integer):
            continue
        sequence = dst.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": f'"{table.name}"', "c": columns[0].name}
        ).scalar()
        if sequence:
            top = dst.execute(select(func.max(columns[0]))).scalar() or 0
            dst.execute(text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": top + 1})


def _check_copy(dst, manifest: dict) -> None:
    """Compare each table with the manifest; a difference rolls the whole restore back."""
    restored = digests(dst)
    wrong = [name for name, want in manifest["tables"].items() if restored.get(name) != want]
    if wrong:
        raise Conflict(f"The restored data differs from the backup in: {', '.join(wrong)}; nothing was restored.")


def _restore_files(folder: Path, manifest: dict) -> None:
    if not manifest.get("files") or not folder.is_dir():
        return
    target = Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")
    for entry in manifest["files"]:
        source = folder / entry["path"]
        if hashlib.sha256(source.read_bytes()).hexdigest() != entry["sha256"]:
            raise Conflict(f"Uploaded file {entry['path']} is damaged in the archive.")
        destination = target / entry["path"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())
