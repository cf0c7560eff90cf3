"""The embedded search backend on Whoosh (the only module that imports whoosh).

Text arrives pre-tokenised by app.search.analysis and is split on spaces only, so the stored
schema references nothing but Whoosh's own tokenizer. Writes are serialised by a process-wide
lock plus an OS file lock beside the index directory, so a second writer waits instead of
raising LockError. Reads share one searcher, refreshed when the index generation changes.
"""

import fcntl
import gc
import logging
import os
import shutil
import threading
import time
import warnings
from contextlib import contextmanager

from whoosh import fields, index, query, sorting
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.scoring import BM25F

from app.search.analysis import QueryPlan
from app.search.base import (
    ALL_BONUS,
    LABEL_WEIGHT,
    PHRASE_BONUS,
    RERANK_WINDOW,
    TITLE_WEIGHT,
    BackendUnavailable,
    Filters,
    RawResults,
    SearchBackend,
    doc_words,
    index_text,
    label_tokens,
    title_tokens,
)  # fmt: skip
from app.search.providers import SearchDoc
from app.search.vectors import VectorFile, meta

log = logging.getLogger(__name__)

_process_lock = threading.RLock()


def make_schema() -> fields.Schema:
    return fields.Schema(
        uid=fields.ID(unique=True, stored=True),
        kind=fields.ID,
        title=fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True),
        labels=fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
        text=fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
        words=fields.KEYWORD(scorable=False),
        space=fields.ID,
        board=fields.ID,
        tags=fields.KEYWORD(commas=True),
        solved=fields.ID,
        status=fields.ID,
        score=fields.NUMERIC(int, bits=64, signed=True, sortable=True),
        created=fields.NUMERIC(int, bits=64, signed=True, sortable=True),
        quality=fields.NUMERIC(float, stored=True),
    )


def _fields(doc: SearchDoc) -> dict:
    return {
        "uid": doc.uid,
        "kind": doc.kind,
        "title": " ".join(title_tokens(doc)),
        "labels": " ".join(label_tokens(doc)),
        "text": index_text(doc),
        "words": " ".join(sorted(doc_words(doc))),
        "space": doc.space or "",
        "board": doc.board or "",
        "tags": ",".join(t.replace(",", " ") for t in doc.tags),
        "solved": "" if doc.solved is None else ("1" if doc.solved else "0"),
        "status": doc.status or "",
        "score": int(doc.score or 0),
        "created": int(doc.created.timestamp() * 1_000_000),
        "quality": float(doc.boost or 1.0),
    }


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, path: str):
        self.path = os.path.abspath(path)
        self.lock_path = self.path.rstrip("/") + ".writelock"
        self._ix = None
        self._searcher = None
        self._read_lock = threading.RLock()
        self._filter_cache: dict = {}
        self._filter_cache_owner = None
        self._seen = False  # this process has had a readable index: losing it means a rebuild
        self.needs_rebuild = False
        self.embeddings = False  # set from SEARCH_EMBEDDINGS: the vector file must then exist
        self.vectors = VectorFile(self.path)

    # --- writing ------------------------------------------------------------------------

    @contextmanager
    def write_lock(self):
        """Hold the one writer slot: this process's lock, then the file lock shared by processes."""
        with _process_lock:
            os.makedirs(os.path.dirname(self.lock_path), exist_ok=True)
            with open(self.lock_path, "a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _writable_index(self):
        if not index.exists_in(self.path):
            if self._seen:
                log.warning("search index at %s vanished: starting a new one and rebuilding", self.path)
                self.needs_rebuild = True
            os.makedirs(self.path, exist_ok=True)
            ix = index.create_in(self.path, make_schema())
        else:
            ix = index.open_dir(self.path)
            if not _current_schema(ix):
                log.warning("search index at %s has an older schema: starting a new one and rebuilding", self.path)
                self.needs_rebuild = True
                ix = index.create_in(self.path, make_schema())
        self._seen = True
        return ix

    def index_documents(self, docs: list[SearchDoc]) -> None:
        self._write(lambda w: [w.update_document(**_fields(d)) for d in docs], lambda: self.vectors.update(docs))

    def delete_document(self, uid: str) -> None:
        self._write(lambda w: w.delete_by_term("uid", uid), lambda: self.vectors.update([], [uid]))

    def _write(self, apply, vectors=None) -> None:
        with self.write_lock():
            ix = self._writable_index()
            writer = ix.writer(timeout=30)
            try:
                apply(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            if vectors is not None and (self.embeddings or self.vectors.exists()):
                vectors()

    # --- reading ------------------------------------------------------------------------

    def _current_searcher(self):
        """The shared searcher, refreshed when another writer committed."""
        if self._searcher is not None:
            try:
                if not os.path.isdir(self.path):
                    raise FileNotFoundError(self.path)
                self._searcher = self._searcher.refresh()
                return self._searcher
            except Exception:  # noqa: BLE001  (the index moved or vanished: reopen below)
                self._drop_searcher()
        if not self._seen and not index.exists_in(self.path):
            return None  # nothing indexed yet in a new installation
        error = None
        with _quiet_broken_files():
            try:
                self._ix = index.open_dir(self.path)
                self._searcher = self._ix.searcher(weighting=BM25F())
                self._seen = True
            except Exception as exc:  # noqa: BLE001
                error = repr(exc)
        if error is not None:  # outside the except block, so the broken files can be freed
            self._drop_searcher()
            _release_broken_files()
            raise BackendUnavailable(error)
        return self._searcher

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:  # noqa: BLE001
                log.debug("closing a stale searcher failed", exc_info=True)
        self._searcher = None
        self._ix = None

    def search(self, plan: QueryPlan, filters: Filters, sort: str, offset: int, limit: int) -> RawResults:
        q = _plan_query(plan)
        with self._read_lock:
            searcher = self._current_searcher()
            if searcher is None:
                return RawResults()
            error = None
            with _quiet_broken_files():
                try:
                    return self._run(searcher, q, filters, sort, offset, limit)
                except Exception as exc:  # noqa: BLE001
                    error = repr(exc)
            self._drop_searcher()
            _release_broken_files()
            raise BackendUnavailable(error)

    def _run(self, searcher, q, filters: Filters, sort: str, offset: int, limit: int) -> RawResults:
        filter_q = _filter_query(filters)
        kwargs = {}
        if filter_q is not None:
            allowed = self._filter_docs(searcher, filter_q)
            if not allowed:  # an empty set would read as "no filter" to Whoosh
                return RawResults()
            kwargs["filter"] = allowed
        if sort == "newest":
            kwargs["sortedby"] = [sorting.FieldFacet("created", reverse=True)]
        elif sort == "votes":
            kwargs["sortedby"] = [
                sorting.FieldFacet("score", reverse=True),
                sorting.FieldFacet("created", reverse=True),
            ]
        window = offset + limit if kwargs.get("sortedby") else max(offset + limit, RERANK_WINDOW)
        results = searcher.search(q, limit=window, **kwargs)
        total = len(results)
        if kwargs.get("sortedby"):  # hit.score holds the sort key here
            ranked = [(hit["uid"], 0.0) for hit in results]
        else:  # the quality prior: solved and reference answers first, all else equal
            ranked = sorted(((hit["uid"], (hit.score or 0.0) * hit.get("quality", 1.0)) for hit in results),
                            key=lambda r: -r[1])  # fmt: skip
        keys, scores = [], []
        for uid, score in ranked[offset : offset + limit]:
            kind, _, object_id = uid.partition(":")
            keys.append((kind, int(object_id)))
            scores.append(score)
        return RawResults(keys=keys, total=total, scores=scores)

    def _filter_docs(self, searcher, filter_q):
        """The documents a filter allows, cached per searcher generation (filters repeat a lot)."""
        if self._filter_cache_owner is not searcher:
            self._filter_cache, self._filter_cache_owner = {}, searcher
        key = repr(filter_q)
        docs = self._filter_cache.get(key)
        if docs is None:
            if len(self._filter_cache) >= 128:
                self._filter_cache.clear()
            docs = self._filter_cache[key] = searcher._query_to_comb(filter_q)
        return docs

    def vector(self, uid: str):
        return self.vectors.get(uid)

    def nearest(self, vector, filters: Filters, limit: int):
        return self.vectors.nearest(vector, filters, limit)

    def word_candidates(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        with self._read_lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            reader = searcher.reader()
            found = reader.terms_within("words", word, max_distance, prefix=1)
            return [(w, reader.doc_frequency("words", w)) for w in found]

    def doc_count(self) -> int:
        with self._read_lock:
            searcher = self._current_searcher()
            return 0 if searcher is None else searcher.doc_count()

    def check(self) -> bool:
        """Open the index and read from every segment: a corrupt or missing file fails here."""
        if not index.exists_in(self.path):
            return False
        if self.embeddings and not self.vectors.exists():
            log.warning("search vectors at %s are missing: the index needs a rebuild", self.vectors.path)
            return False
        with _quiet_broken_files():
            error = _probe(self.path)
        if error is None:
            return True
        log.warning("search index at %s is unreadable: %s", self.path, error)
        _release_broken_files()
        return False

    # --- rebuild ------------------------------------------------------------------------

    def rebuild(self, batches, total: int, progress=None) -> int:
        """Build a fresh index beside the live one, then swap it in under the write lock."""
        staging = f"{self.path}.new-{os.getpid()}-{int(time.time() * 1000)}"
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging)
        ix = index.create_in(staging, make_schema())
        writer = ix.writer(limitmb=256)
        count = 0
        vectors = {}
        try:
            for batch in batches:
                for doc in batch:
                    writer.add_document(**_fields(doc))
                    if doc.vector is not None:
                        vectors[doc.uid] = (doc.vector, meta(doc))
                count += len(batch)
                if progress:
                    progress(len(batch))
            writer.commit(optimize=True)
            if self.embeddings or vectors:
                self.vectors.write(vectors, staging)
        except BaseException:
            writer.cancel()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._swap_in(staging)
        self._seen = True
        return count

    def _swap_in(self, staging: str) -> None:
        with self.write_lock():
            with self._read_lock:
                self._drop_searcher()
            old = f"{self.path}.old-{os.getpid()}"
            if os.path.exists(self.path):
                shutil.rmtree(old, ignore_errors=True)
                os.rename(self.path, old)
            os.rename(staging, self.path)
            shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        with self._read_lock:
            self._drop_searcher()


def _probe(path: str) -> str | None:
    """Read a little from every segment; return the error, if any."""
    try:
        ix = index.open_dir(path)
        if not _current_schema(ix):
            return "the index was built with an older schema"
        with ix.searcher() as searcher:
            reader = searcher.reader()
            for _ in zip(range(50), reader.all_terms(), strict=False):
                pass
            doc_ids = list(reader.all_doc_ids())
            for docnum in doc_ids[:1] + doc_ids[-1:]:
                reader.stored_fields(docnum)
            searcher.search(query.Every(), limit=1)
    except Exception as exc:  # noqa: BLE001
        return repr(exc)
    return None


def _current_schema(ix) -> bool:
    """An index built by an older release lacks fields this one queries: it needs a rebuild."""
    return sorted(ix.schema.names()) == sorted(make_schema().names())


@contextmanager
def _quiet_broken_files():
    """Whoosh leaves a broken segment's files open when reading it fails; they close unwarned."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield


def _release_broken_files() -> None:
    """Whoosh leaves the files of a segment it failed to read open: close them now, quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _plan_query(plan: QueryPlan):
    """A ranked OR of the units (BM25F over title, labels and body) plus all-terms and phrase bonuses."""
    units = plan.units()
    parts = [query.Or([_unit(c) for c in units])]
    for alternative in filter(None, (plan, plan.alternative)):
        if len(alternative.clauses) > 1:
            parts.append(query.And([_all(c.tokens, "text") for c in alternative.clauses], boost=ALL_BONUS))
    for phrase in plan.phrases():
        if len(phrase.tokens) > 1:
            parts.append(query.Phrase("title", phrase.tokens, boost=PHRASE_BONUS * TITLE_WEIGHT))
        else:
            parts.append(query.Term("text", phrase.tokens[0], boost=PHRASE_BONUS))
    return query.Or(parts)


def _unit(clause):
    fields_ = [("text", 1.0), ("title", TITLE_WEIGHT), ("labels", LABEL_WEIGHT)]
    return query.Or([_all(clause.tokens, name, weight) for name, weight in fields_], boost=clause.weight)


def _all(tokens: list[str], field: str, boost: float = 1.0):
    if len(tokens) == 1:
        return query.Term(field, tokens[0], boost=boost)
    return query.And([query.Term(field, t) for t in tokens], boost=boost)


def _filter_query(filters: Filters):
    parts = []
    if filters.type:
        parts.append(query.Term("kind", filters.type))
    if filters.space:
        parts.append(query.Term("space", filters.space))
    if filters.tag:
        parts.append(query.Term("tags", filters.tag))
    if filters.solved is not None:
        parts.append(query.Term("solved", "1" if filters.solved else "0"))
    if filters.status:
        parts.append(query.Term("status", filters.status))
    if filters.board:
        parts.append(query.Term("board", filters.board))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)
