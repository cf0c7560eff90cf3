"""The shared search backend on PostgreSQL full-text search.

Every app server reads and writes the same `search_document` table, so several servers share
one index. The tsvector is built with the `simple` configuration from the same pre-tokenised
text as the Whoosh backend (folded Chinese bigrams + single characters, English stems, joined
by spaces), so both backends find the same documents; 3–4-character Chinese queries become
`<->` phrases of bigrams. Writes happen in the caller's transaction: the indexer's cursor and
the documents commit together. On SQLite this backend is unavailable.
"""

import math

import numpy as np
from sqlalchemy import case, delete, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import insert

from app.extensions import db
from app.search.analysis import QueryPlan
from app.search.base import (
    ALL_BONUS,
    LABEL_WEIGHT,
    PHRASE_BONUS,
    TITLE_WEIGHT,
    BackendUnavailable,
    Filters,
    RawResults,
    SearchBackend,
    doc_words,
    edit_distance,
    label_tokens,
    title_tokens,
    tokens,
)  # fmt: skip
from app.search.models import SearchDocument, SearchWord
from app.search.providers import SearchDoc


def _row(doc: SearchDoc) -> dict:
    return {
        "uid": doc.uid,
        "kind": doc.kind,
        "object_id": doc.object_id,
        "space": doc.space or "",
        "board": doc.board or "",
        "tags": list(doc.tags),
        "solved": doc.solved,
        "status": doc.status or "",
        "score": int(doc.score or 0),
        "boost": float(doc.boost or 1.0),
        "created": doc.created,
        "vector": None if doc.vector is None else np.asarray(doc.vector, dtype=np.float16).tobytes(),
        "tsv": _weighted(title_tokens(doc), "A")
        .op("||")(_weighted(label_tokens(doc), "B"))
        .op("||")(_vector(tokens(doc.body))),
    }


_SIMPLE = literal_column("'simple'::regconfig")


def _vector(words: list[str]):
    return func.to_tsvector(_SIMPLE, " ".join(words))


def _weighted(words: list[str], weight: str):
    """Title words carry weight A and labels B, so a query can ask for a title match ('word':A)."""
    return func.setweight(_vector(words), literal_column(f"'{weight}'"))


def unit_text(tokens_: list[str], weight: str = "", joiner: str = " & ") -> str:
    """A unit as tsquery syntax: its tokens joined by & (or <-> for a phrase), optionally weight-restricted."""
    suffix = f":{weight}" if weight else ""
    return "(" + joiner.join(_quote(t) + suffix for t in tokens_) + ")"


def tsquery_text(plan: QueryPlan) -> str:
    """The plan's OR of units as tsquery syntax (what a document must match to be found at all)."""
    return " | ".join(unit_text(c.tokens) for c in plan.units())


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsq(query_text: str):
    return func.to_tsquery(_SIMPLE, query_text)


def _idf(total: int, matches: int) -> float:
    return math.log(1 + (total - matches + 0.5) / (matches + 0.5))


class PostgresBackend(SearchBackend):
    name = "postgres"
    embeddings = False  # set from SEARCH_EMBEDDINGS

    def __init__(self):
        if db.engine.dialect.name != "postgresql":
            raise BackendUnavailable("SEARCH_BACKEND='postgres' needs a PostgreSQL database")

    def index_documents(self, docs: list[SearchDoc]) -> None:
        if not docs:
            return
        rows = list({d.uid: _row(d) for d in docs}.values())  # one row per uid in a statement
        stmt = insert(SearchDocument).values(rows)
        update = {k: stmt.excluded[k] for k in rows[0] if k != "uid"}
        db.session.execute(stmt.on_conflict_do_update(index_elements=["uid"], set_=update))
        self._add_words(set().union(*(doc_words(d) for d in docs)))
        db.session.flush()

    def _add_words(self, words: set[str]) -> None:
        words = {w for w in words if len(w) <= 64}
        if words:
            values = [{"word": w, "first": w[0], "length": len(w)} for w in sorted(words)]
            db.session.execute(insert(SearchWord).values(values).on_conflict_do_nothing())

    def delete_document(self, uid: str) -> None:
        db.session.execute(delete(SearchDocument).where(SearchDocument.uid == uid))
        db.session.flush()

    def search(self, plan: QueryPlan, filters: Filters, sort: str, offset: int, limit: int) -> RawResults:
        tsq = _tsq(tsquery_text(plan))
        doc = SearchDocument
        conditions = [doc.tsv.op("@@")(tsq), *_filter_conditions(filters)]
        relevance = literal_column("0.0")
        if sort == "newest":
            order = [doc.created.desc()]
        elif sort == "votes":
            order = [doc.score.desc(), doc.created.desc()]
        else:
            relevance = self._score(plan, tsq) * doc.boost
            order = [relevance.desc(), doc.created.desc()]
        stmt = (
            select(doc.kind, doc.object_id, func.count().over().label("total"), relevance.label("relevance"))
            .where(*conditions)
            .order_by(*order)
            .offset(offset)
            .limit(limit)
        )
        rows = db.session.execute(stmt).all()
        if rows:
            total = rows[0].total
        else:
            total = db.session.scalar(select(func.count()).select_from(doc).where(*conditions)) or 0
        keys = [(r.kind, r.object_id) for r in rows]
        return RawResults(keys=keys, total=total, scores=[float(r.relevance or 0) for r in rows])

    def _score(self, plan: QueryPlan, tsq):
        """BM25-style: Σ idf × (body + title + label match) per unit, all-terms and phrase bonuses, tf tie-break."""
        tsv = SearchDocument.tsv
        units = plan.units()
        idf = self._idfs([unit_text(c.tokens) for c in units], tsq)

        def hit(query_text: str, value: float):
            return case((tsv.op("@@")(_tsq(query_text)), value), else_=0.0)

        score = func.ts_rank(tsv, tsq)
        for clause, weight in zip(units, idf, strict=True):
            w = weight * clause.weight
            score = score + hit(unit_text(clause.tokens), w)
            score = score + hit(unit_text(clause.tokens, "A"), w * TITLE_WEIGHT)
            score = score + hit(unit_text(clause.tokens, "B"), w * LABEL_WEIGHT)
        for alternative in filter(None, (plan, plan.alternative)):
            if len(alternative.clauses) > 1:
                every = " & ".join(unit_text(c.tokens) for c in alternative.clauses)
                score = score + hit(every, ALL_BONUS * max(idf))
        for phrase in plan.phrases():
            score = score + hit(unit_text(phrase.tokens, joiner=" <-> "), PHRASE_BONUS * max(idf))
        return score

    def _idfs(self, unit_queries: list[str], tsq) -> list[float]:
        """How rare each unit is (BM25's idf), from one count over the matching documents."""
        tsv = SearchDocument.tsv
        counts = [func.count().filter(tsv.op("@@")(_tsq(u))) for u in unit_queries]
        row = db.session.execute(select(*counts).where(tsv.op("@@")(tsq))).one()
        total = db.session.scalar(select(func.count()).select_from(SearchDocument)) or 0
        return [_idf(total, n or 0) for n in row]

    def vector(self, uid: str):
        raw = db.session.scalar(select(SearchDocument.vector).where(SearchDocument.uid == uid))
        return None if raw is None else np.frombuffer(raw, dtype=np.float16).astype(np.float32)

    def nearest(self, vector, filters: Filters, limit: int):
        """Cosine over the stored vectors of the documents the filters allow (numpy, in this process)."""
        doc = SearchDocument
        rows = db.session.execute(
            select(doc.kind, doc.object_id, doc.vector).where(doc.vector.is_not(None), *_filter_conditions(filters))
        ).all()
        if not rows:
            return []
        matrix = np.frombuffer(b"".join(r.vector for r in rows), dtype=np.float16).reshape(len(rows), -1)
        sims = matrix.astype(np.float32) @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-sims)[:limit]
        return [((rows[i].kind, rows[i].object_id), float(sims[i])) for i in order]

    def word_candidates(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        stmt = select(SearchWord.word).where(
            SearchWord.first == word[:1],
            SearchWord.length.between(len(word) - max_distance, len(word) + max_distance),
        )
        return [(w, 1) for w in db.session.scalars(stmt) if edit_distance(word, w, max_distance) <= max_distance]

    def doc_count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(SearchDocument)) or 0

    def check(self) -> bool:
        """The table is readable and, with embeddings on, holds vectors (none at all after the upgrade)."""
        try:
            db.session.execute(text("SELECT 1 FROM search_document LIMIT 1"))
            if self.embeddings:
                doc = SearchDocument
                has_rows = db.session.scalar(select(doc.uid).limit(1)) is not None
                return (
                    not has_rows
                    or db.session.scalar(select(doc.uid).where(doc.vector.is_not(None)).limit(1)) is not None
                )
            return True
        except Exception:  # noqa: BLE001
            db.session.rollback()
            return False

    def rebuild(self, batches, total: int, progress=None) -> int:
        """Replace every row in one transaction: readers see the old index until it commits."""
        db.session.execute(delete(SearchDocument))
        count = 0
        for batch in batches:
            self.index_documents(batch)
            count += len(batch)
            if progress:
                progress(len(batch))
        db.session.commit()
        return count


def _filter_conditions(filters: Filters) -> list:
    doc = SearchDocument
    out = []
    if filters.type:
        out.append(doc.kind == filters.type)
    if filters.space:
        out.append(doc.space == filters.space)
    if filters.tag:
        out.append(doc.tags.contains([filters.tag]))
    if filters.solved is not None:
        out.append(doc.solved.is_(filters.solved))
    if filters.status:
        out.append(doc.status == filters.status)
    if filters.board:
        out.append(doc.board == filters.board)
    return out
