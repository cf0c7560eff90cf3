"""The interface every search backend implements, and what it returns."""

from dataclasses import dataclass, field

from app.search.analysis import QueryPlan, surface_words, tokens
from app.search.providers import SearchDoc

SORTS = ("relevance", "newest", "votes")
TYPES = ("question", "idea", "kb")


@dataclass
class Filters:
    """Facets a search can be narrowed by (empty means any)."""

    type: str = ""
    space: str = ""
    tag: str = ""
    solved: bool | None = None
    status: str = ""
    board: str = ""


@dataclass
class RawResults:
    """What a backend found: (kind, id) pairs of one page, best first, and the total."""

    keys: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0
    scores: list[float] = field(default_factory=list)  # parallel to keys, for relevance order only


class BackendUnavailable(RuntimeError):
    """The index cannot be read right now (missing, corrupt, being rebuilt)."""


def title_tokens(doc: SearchDoc) -> list[str]:
    return tokens(doc.title)


def label_tokens(doc: SearchDoc) -> list[str]:
    """Tags, space and board names: searchable words, weighed between title and body."""
    return tokens(" ; ".join(label for label in doc.labels if label))


def index_text(doc: SearchDoc) -> str:
    """The pre-tokenised text both backends index as the body: title, labels, then body."""
    return " ".join([*title_tokens(doc), *label_tokens(doc), *tokens(doc.body)])


def doc_words(doc: SearchDoc) -> set[str]:
    return surface_words(doc.title) | surface_words(doc.body)


# Scoring shared by the backends: a title match counts this much more than a body match, a
# document matching every unit gets ALL_BONUS × the best unit score, each phrase PHRASE_BONUS.
TITLE_WEIGHT = 2.0
LABEL_WEIGHT = 1.5
ALL_BONUS = 0.5
PHRASE_BONUS = 0.5
RERANK_WINDOW = 200  # the best lexical matches are re-scored with each document's quality prior


class SearchBackend:
    """index_document, delete_document, search, rebuild: the same contract for every engine."""

    name = ""
    needs_rebuild = False
    embeddings = False  # SEARCH_EMBEDDINGS: documents carry vectors and nearest() answers

    def index_document(self, doc: SearchDoc) -> None:
        self.index_documents([doc])

    def index_documents(self, docs: list[SearchDoc]) -> None:
        raise NotImplementedError

    def delete_document(self, uid: str) -> None:
        raise NotImplementedError

    def search(self, plan: QueryPlan, filters: Filters, sort: str, offset: int, limit: int) -> RawResults:
        raise NotImplementedError

    def nearest(self, vector, filters: Filters, limit: int) -> list[tuple[tuple[str, int], float]]:
        """The `limit` stored document vectors most similar (cosine) to `vector` that pass `filters`."""
        return []

    def vector(self, uid: str):
        """The stored vector of one document, or None."""
        return None

    def word_candidates(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        """Vocabulary words within `max_distance` edits of `word`, with their document counts."""
        raise NotImplementedError

    def rebuild(self, docs, total: int, progress=None) -> int:
        """Replace the whole index with `docs` (an iterable of batches); return documents indexed."""
        raise NotImplementedError

    def check(self) -> bool:
        """True when the index exists and can be read."""
        raise NotImplementedError

    def doc_count(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        """Release searchers and files."""


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein distance (optimal string alignment), stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
