"""Keep the index derived from the database: the event consumer, rebuilds, start-up checks.

The "search" consumer applies each event by re-reading the objects it names from the database
and upserting (or deleting) their documents by unique id, so replaying an event is harmless and
the consumer's cursor makes it resume after a crash without missing anything. A rebuild reads
everything into a fresh index, swaps it in, then re-applies the events recorded since it began.
"""

import logging
import os
import threading
import time

from flask import current_app

from app.core import events
from app.core.timeutil import utcnow
from app.extensions import db
from app.search import embeddings
from app.search.base import BackendUnavailable, SearchBackend
from app.search.providers import providers, route

log = logging.getLogger(__name__)
CONSUMER = "search"
BATCH = 200
_rebuild_lock = threading.Lock()


def index_dir(app) -> str:
    return app.config.get("SEARCH_INDEX_DIR") or os.path.join(app.instance_path, "search-index")


def get_backend(app=None) -> SearchBackend:
    """The configured backend of this app (one per process, shared by requests)."""
    app = app or current_app._get_current_object()
    backend = app.extensions.get("kith_search")
    if backend is None:
        name = app.config.get("SEARCH_BACKEND", "whoosh")
        if name == "postgres":
            from app.search.backends.postgres import PostgresBackend

            backend = PostgresBackend()
        elif name == "whoosh":
            from app.search.backends.whoosh import WhooshBackend

            backend = WhooshBackend(index_dir(app))
        else:
            raise RuntimeError(f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {name!r}")
        backend.embeddings = embeddings.enabled(app)
        app.extensions["kith_search"] = backend
    return backend


def status(app=None) -> dict:
    app = app or current_app._get_current_object()
    return app.extensions.setdefault("kith_search_status", {"rebuilding": False, "last_rebuild": None})


# --- applying changes -----------------------------------------------------------------------


def reindex(keys) -> None:
    """Upsert the documents of `keys` ((kind, id) pairs), or delete those no longer public."""
    backend = get_backend()
    registry = providers()
    wanted: dict[str, list[int]] = {}
    for kind, object_id in dict.fromkeys(keys):
        wanted.setdefault(kind, []).append(object_id)
    upserts, deletes = [], []
    for kind, ids in wanted.items():
        docs = {d.object_id: d for d in registry[kind].documents(ids)}
        upserts.extend(docs.values())
        deletes.extend(f"{kind}:{i}" for i in ids if i not in docs)
    for uid in deletes:
        backend.delete_document(uid)
    if upserts:
        backend.index_documents(embed(upserts))
    if getattr(backend, "needs_rebuild", False):
        schedule_rebuild(current_app._get_current_object())


def embed(docs: list) -> list:
    """Give each document its passage vector (title + start of body) when embeddings are on."""
    if docs and embeddings.enabled():
        vectors = embeddings.passages([embeddings.passage_text(d.title, d.body) for d in docs])
        if vectors is not None:
            for doc, vector in zip(docs, vectors, strict=True):
                doc.vector = vector
    return docs


def handle_event(event) -> None:
    """The consumer: apply one event to the index."""
    keys = route(event)
    if keys:
        reindex(keys)


# --- rebuilding -----------------------------------------------------------------------------


def _batches(registry):
    for provider in registry.values():
        ids: list[int] = []
        for object_id in provider.all_ids():
            ids.append(object_id)
            if len(ids) >= BATCH:
                yield embed(provider.documents(ids))
                ids = []
                time.sleep(0)  # under gevent: let the web server answer requests between batches
        if ids:
            yield embed(provider.documents(ids))


def _safe_event_mark() -> int:
    """The newest event id whose transaction has surely committed (older than the gap grace)."""
    return events.committed_mark()


def rebuild(progress=None) -> int:
    """Rebuild the whole index from the database; return how many documents it holds."""
    with _rebuild_lock:
        backend = get_backend()
        mark = _safe_event_mark()
        registry = providers()
        total = sum(p.count() for p in registry.values())
        count = backend.rebuild(_batches(registry), total, progress)
        backend.needs_rebuild = False
        catch_up(mark)
        status()["last_rebuild"] = utcnow().isoformat()
        return count


def catch_up(after_id: int) -> int:
    """Re-apply every event after `after_id` (what changed while a rebuild was reading)."""
    applied = 0
    while True:
        batch = events.read(after_id, limit=500, max_batches=1).events  # stops at a fresh gap
        if not batch:
            return applied
        keys = [key for event in batch for key in route(event)]
        if keys:
            reindex(keys)
        applied += len(batch)
        after_id = batch[-1].id


def needs_rebuild() -> bool:
    """True when the index is missing or unreadable, or empty while the database has content."""
    backend = get_backend()
    if getattr(backend, "needs_rebuild", False) or not backend.check():
        return True
    try:
        if backend.doc_count() == 0:
            return any(p.count() for p in providers().values())
    except BackendUnavailable:
        return True
    return False


def schedule_rebuild(app) -> bool:
    """Rebuild in a background thread (once at a time); posting and reading keep working."""
    state = status(app)
    if state["rebuilding"]:
        return False
    state["rebuilding"] = True

    def _run():
        with app.app_context():
            try:
                rebuild()
                log.info("search index rebuilt")
            except Exception:
                log.exception("search index rebuild failed")
                db.session.rollback()
            finally:
                state["rebuilding"] = False
                db.session.remove()

    thread = threading.Thread(target=_run, name="search-rebuild", daemon=True)
    state["thread"] = thread
    thread.start()
    return True


def check_on_start(app) -> None:
    """Detect a missing or unreadable index at start-up and rebuild it in the background."""

    def _check():
        time.sleep(1.0)  # let a CLI command (flask search rebuild) claim the rebuild first
        with app.app_context():
            try:
                if needs_rebuild():
                    log.warning("search index missing or unreadable: rebuilding in the background")
                    schedule_rebuild(app)
            except Exception:
                log.exception("search start-up check failed")
            finally:
                db.session.remove()

    threading.Thread(target=_check, name="search-check", daemon=True).start()


def register(app) -> None:
    events.register_consumer(CONSUMER, handle_event)
