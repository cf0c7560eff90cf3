"""Hybrid ranking: reciprocal rank fusion of lexical matches and vector nearest neighbours.

Both lists come from the index, which holds public documents only, narrowed by the same
filters; the caller loads hits through the providers, which re-check visibility against the
database, so a vector neighbour is shown exactly when a lexical match would be.
"""

from app.search import embeddings
from app.search.analysis import QueryPlan
from app.search.base import Filters, RawResults, SearchBackend

RRF_K = 60  # the usual constant: rank 1 scores 1/61, rank 10 1/70
WINDOW = 50  # how deep each list is read before fusing
NEIGHBOURS = 10  # vector neighbours considered per query
# e5 cosines are compressed (unrelated text scores ~0.75): keep neighbours near the best one.
MIN_SIMILARITY = 0.78
NEAR_BEST = 0.05


def query_vector(text: str):
    """The query's vector, or None when embeddings are off or unavailable (then search is lexical)."""
    return embeddings.query(text) if embeddings.enabled() else None


def neighbours(backend: SearchBackend, vector, filters: Filters, limit: int = NEIGHBOURS, *,
               min_similarity: float = MIN_SIMILARITY, near_best: float = NEAR_BEST, exclude=None):  # fmt: skip
    """Stored vectors near `vector` worth showing, best first ([] without a vector)."""
    if vector is None:
        return []
    found = [(key, sim) for key, sim in backend.nearest(vector, filters, limit + 1) if key != exclude][:limit]
    if not found:
        return []
    floor = max(min_similarity, found[0][1] - near_best)
    return [(key, sim) for key, sim in found if sim >= floor]


def fuse(*ranked: list[tuple[str, int]]) -> list[tuple[tuple[str, int], float]]:
    """Reciprocal rank fusion: Σ 1/(RRF_K + rank) over the lists a key appears in, best first."""
    scores: dict[tuple[str, int], float] = {}
    for keys in ranked:
        for rank, key in enumerate(keys, 1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def search(backend: SearchBackend, plan: QueryPlan, vector, filters: Filters, sort: str, offset: int,
           limit: int) -> RawResults:  # fmt: skip
    """One page of results: lexical alone for newest/votes or without vectors, else lexical ⊕ vectors."""
    if vector is None or sort != "relevance" or offset + limit > WINDOW:
        return backend.search(plan, filters, sort, offset, limit)
    near = neighbours(backend, vector, filters)
    if not near:
        return backend.search(plan, filters, sort, offset, limit)
    lexical = backend.search(plan, filters, sort, 0, WINDOW)
    fused = fuse(lexical.keys, [key for key, _sim in near])
    extra = len({key for key, _ in near} - set(lexical.keys))
    page = fused[offset : offset + limit]
    return RawResults(keys=[k for k, _ in page], total=lexical.total + extra, scores=[s for _, s in page])
