"""The index is derived data: rebuilt by command, recovered when lost or corrupt, resumed after a crash."""

import gc
import glob
import os
import shutil

import pytest

from app.core import events
from app.search import indexer
from app.search.backends.whoosh import WhooshBackend


@pytest.fixture
def posts(s):
    return [s.question(f"Glacier backup question number {i}", body=f"Body {i} about glaciers.") for i in range(5)]


def _wait_for_rebuild(app, timeout=60):
    thread = indexer.status(app).get("thread")
    if thread is not None:
        thread.join(timeout)
    assert not indexer.status(app)["rebuilding"]


def test_flask_search_rebuild_indexes_everything_with_a_progress_bar(app, s, posts):
    s.article("Glacier article", "Everything about glaciers.")
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexing" in result.output
    assert "Indexed 6 documents" in result.output
    assert s.search("glacier")[1] == 6


def test_rebuild_does_not_duplicate_documents(s, posts):
    s.drain()
    indexer.rebuild()
    indexer.rebuild()
    assert s.search("glacier")[1] == 5


def test_status_command(app, s, posts):
    s.drain()
    result = app.test_cli_runner().invoke(args=["search", "status"])
    assert "readable=True documents=5" in result.output


def whoosh_only(app):
    backend = indexer.get_backend()
    if not isinstance(backend, WhooshBackend):
        pytest.skip("the index directory belongs to the Whoosh backend")
    return backend


def test_deleting_the_index_directory_while_running_loses_no_post(app, s, posts):
    backend = whoosh_only(app)
    assert s.search("glacier")[1] == 5
    shutil.rmtree(backend.path)
    _titles, _total, page = s.search("glacier")  # detected: the page says so and a rebuild starts
    assert page.unavailable
    s.question("Glacier question posted during the rebuild", body="Still posting works.")
    _wait_for_rebuild(app)
    s.drain()
    assert s.search("glacier")[1] == 6


def test_index_vanishing_before_a_write_triggers_a_rebuild(app, s, posts):
    backend = whoosh_only(app)
    s.drain()
    shutil.rmtree(backend.path)
    s.question("Glacier question after the index vanished", body="Posting recreates it.")
    s.drain()  # the consumer notices the empty new index and schedules a rebuild
    _wait_for_rebuild(app)
    s.drain()
    assert s.search("glacier")[1] == 6


# Whoosh leaves the broken segment's file handles to the garbage collector.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_corrupt_segment_is_detected_and_rebuilt(app, s, posts):
    backend = whoosh_only(app)
    s.drain()
    backend.close()
    segments = glob.glob(os.path.join(backend.path, "*.seg"))
    assert segments
    for path in segments:
        with open(path, "r+b") as handle:
            handle.write(os.urandom(4096))
    assert indexer.needs_rebuild()
    indexer.check_on_start(app)
    import time

    deadline = time.time() + 30
    while time.time() < deadline and (indexer.needs_rebuild() or indexer.status(app)["rebuilding"]):
        time.sleep(0.2)
    _wait_for_rebuild(app)
    assert s.search("glacier")[1] == 5
    gc.collect()  # the broken segment's handles are released here, where their warnings are expected


def test_missing_index_at_start_up_is_rebuilt(app, s, posts):
    s.drain()
    backend = indexer.get_backend()
    if isinstance(backend, WhooshBackend):
        backend.close()
        shutil.rmtree(backend.path)
    else:
        from app.extensions import db
        from app.search.models import SearchDocument

        db.session.query(SearchDocument).delete()
        db.session.commit()
    assert indexer.needs_rebuild()
    assert indexer.schedule_rebuild(app)
    _wait_for_rebuild(app)
    assert s.search("glacier")[1] == 5


def test_the_cursor_resumes_after_a_crash_without_missing_or_duplicating(app, s, monkeypatch):
    backend = indexer.get_backend()
    real = backend.index_documents
    calls = {"n": 0}

    def crash_on_third(docs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated crash while indexing")
        return real(docs)

    for i in range(5):
        s.question(f"Crashing glacier question {i}", body="Body text for the crash test.")
    monkeypatch.setattr(backend, "index_documents", crash_on_third)
    events.run_consumer("search")  # stops at the failing event; the cursor stays before it
    monkeypatch.setattr(backend, "index_documents", real)
    events.run_all_consumers()
    titles, total, _ = s.search("crashing glacier")
    assert total == 5 == len(set(titles))
    events.ConsumerCursor  # noqa: B018
    from app.extensions import db

    cursor = db.session.get(events.ConsumerCursor, "search")
    cursor.last_event_id = 0  # replay the whole log: upserts by unique id, no duplicates
    db.session.commit()
    events.run_all_consumers()
    assert s.search("crashing glacier")[1] == 5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"SEARCH_BACKEND": "elastic"}, "must be 'whoosh' or 'postgres'"),
     ({"SEARCH_BACKEND": "postgres", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, "needs a PostgreSQL")],
)  # fmt: skip
def test_a_misconfigured_backend_stops_start_up_with_a_clear_message(overrides, message):
    from app import create_app
    from config import TestingConfig

    with pytest.raises(RuntimeError, match=message):
        create_app(TestingConfig, overrides)


def test_an_index_from_an_older_schema_is_detected_and_rebuilt(app, s, posts):
    from whoosh import fields, index

    backend = whoosh_only(app)
    s.drain()
    backend.close()
    shutil.rmtree(backend.path)
    os.makedirs(backend.path)
    old = fields.Schema(uid=fields.ID(unique=True, stored=True), text=fields.TEXT)  # what a previous release wrote
    index.create_in(backend.path, old).writer().commit()
    assert indexer.needs_rebuild()
    indexer.rebuild()
    assert not indexer.needs_rebuild()
    assert s.search("glacier")[1] == 5
