"""The shared search backend on PostgreSQL full-text search.

Every app server reads and writes the same `search_document` table, so several servers share
one index. The tsvector is built with the `simple` configuration from the same pre-tokenised
text as the Whoosh backend (folded Chinese bigrams + single characters, English stems, joined
by spaces), so both backends find the same documents; 3–4-character Chinese queries become
`<->` phrases of bigrams. Writes happen in the caller's transaction: the indexer's cursor and
the documents commit together. On SQLite this backend is unavailable.
"""

from sqlalchemy import delete, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import insert

from app.extensions import db
from app.search.analysis import QueryPlan
from app.search.base import BackendUnavailable, Filters, RawResults, SearchBackend, doc_words, edit_distance, index_text
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
        "tsv": func.to_tsvector(literal_column("'simple'::regconfig"), index_text(doc)),
    }


def tsquery_text(plan: QueryPlan) -> str:
    """The plan as tsquery syntax: clauses joined by &, phrases by <->, the alternative by |."""
    parts = []
    for clause in plan.clauses:
        quoted = [_quote(t) for t in clause.tokens]
        parts.append("(" + " <-> ".join(quoted) + ")" if len(quoted) > 1 else quoted[0])
    text = " & ".join(parts)
    if plan.alternative:
        text = f"({text}) | ({tsquery_text(plan.alternative)})"
    return text


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresBackend(SearchBackend):
    name = "postgres"

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
        tsq = func.to_tsquery(literal_column("'simple'::regconfig"), tsquery_text(plan))
        doc = SearchDocument
        conditions = [doc.tsv.op("@@")(tsq), *_filter_conditions(filters)]
        if sort == "newest":
            order = [doc.created.desc()]
        elif sort == "votes":
            order = [doc.score.desc(), doc.created.desc()]
        else:
            order = [(func.ts_rank(doc.tsv, tsq) * doc.boost).desc(), doc.created.desc()]
        stmt = (
            select(doc.kind, doc.object_id, func.count().over().label("total"))
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
        return RawResults(keys=[(r.kind, r.object_id) for r in rows], total=total)

    def word_candidates(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        stmt = select(SearchWord.word).where(
            SearchWord.first == word[:1],
            SearchWord.length.between(len(word) - max_distance, len(word) + max_distance),
        )
        return [(w, 1) for w in db.session.scalars(stmt) if edit_distance(word, w, max_distance) <= max_distance]

    def doc_count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(SearchDocument)) or 0

    def check(self) -> bool:
        try:
            db.session.execute(text("SELECT 1 FROM search_document LIMIT 1"))
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
