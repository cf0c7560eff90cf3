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


class BackendUnavailable(RuntimeError):
    """The index cannot be read right now (missing, corrupt, being rebuilt)."""


def index_text(doc: SearchDoc) -> str:
    """The pre-tokenised text both backends index: title twice (a title match weighs more), body."""
    title = tokens(doc.title)
    return " ".join([*title, *title, *tokens(doc.body)])


def doc_words(doc: SearchDoc) -> set[str]:
    return surface_words(doc.title) | surface_words(doc.body)


class SearchBackend:
    """index_document, delete_document, search, rebuild: the same contract for every engine."""

    name = ""
    needs_rebuild = False

    def index_document(self, doc: SearchDoc) -> None:
        self.index_documents([doc])

    def index_documents(self, docs: list[SearchDoc]) -> None:
        raise NotImplementedError

    def delete_document(self, uid: str) -> None:
        raise NotImplementedError

    def search(self, plan: QueryPlan, filters: Filters, sort: str, offset: int, limit: int) -> RawResults:
        raise NotImplementedError

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
