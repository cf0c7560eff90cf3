"""Search as the pages and the API use it: query → visible hits with snippets, counts, suggestions."""

import logging
import math
import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.errors import ValidationError
from app.search import analysis, hybrid
from app.search.base import SORTS, TYPES, BackendUnavailable, Filters, RawResults, edit_distance
from app.search.indexer import get_backend, schedule_rebuild, status
from app.search.providers import Hit, providers

log = logging.getLogger(__name__)
PER_PAGE = 10
SIMILAR_CUTOFF = 0.5
SIMILAR_MIN_SIMILARITY = 0.82  # a vector neighbour suggested while typing must be this close
MAX_QUERY = 200


@dataclass
class Result:
    hit: Hit
    title_html: str
    snippet_html: str


@dataclass
class SearchPage:
    query: str
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    did_you_mean: str | None = None
    corrected_from: str | None = None  # set when results are shown for did_you_mean instead
    unavailable: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def check_params(*, type="", sort="relevance", solved="", q="") -> tuple[Filters, str]:
    """Validate filter and sort values; a bad one is a 400 naming the field."""
    if len(q or "") > MAX_QUERY:
        raise ValidationError(fields={"q": _l("Use at most %(n)s characters.", n=MAX_QUERY)})
    if type and type not in TYPES:
        raise ValidationError(fields={"type": _l("Choose question, idea or kb.")})
    if sort not in SORTS:
        raise ValidationError(fields={"sort": _l("Choose relevance, newest or votes.")})
    if solved not in ("", "solved", "unsolved", "yes", "no", "true", "false"):
        raise ValidationError(fields={"solved": _l("Choose solved or unsolved.")})
    flag = None if not solved else solved in ("solved", "yes", "true")
    return Filters(type=type or "", solved=flag), sort


def search(text: str, *, filters: Filters | None = None, sort: str = "relevance", page: int = 1,
           per_page: int = PER_PAGE, user=None) -> SearchPage:  # fmt: skip
    """Search public content; every hit is re-checked against the database before it is shown."""
    filters = filters or Filters()
    text = (text or "").strip()[:MAX_QUERY]
    result = SearchPage(query=text, page=page, per_page=per_page)
    plan = analysis.parse_query(text)
    if not plan:
        return result
    try:
        _fill(result, plan, filters, sort)
        _suggest(result, plan, filters, sort)
    except BackendUnavailable:
        log.warning("search backend unavailable; scheduling a rebuild", exc_info=True)
        schedule_rebuild(current_app._get_current_object())
        result.unavailable = True
    return result


def _fill(result: SearchPage, plan: analysis.QueryPlan, filters: Filters, sort: str) -> None:
    offset = (result.page - 1) * result.per_page
    vector = hybrid.query_vector(result.query) if sort == "relevance" and offset < hybrid.WINDOW else None
    raw: RawResults = hybrid.search(get_backend(), plan, vector, filters, sort, offset, result.per_page)
    hits = load_hits(raw.keys)
    stale = len(raw.keys) - len(hits)
    result.total = max(0, raw.total - stale)
    result.results = [
        Result(hit=h, title_html=analysis.highlight(h.title, plan), snippet_html=analysis.snippet(h.text, plan))
        for h in hits
    ]


def load_hits(keys: list[tuple[str, int]]) -> list[Hit]:
    """The visible objects behind index keys, in the same order (stale or hidden ones dropped)."""
    registry = providers()
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in keys:
        by_kind.setdefault(kind, []).append(object_id)
    loaded = {}
    for kind, ids in by_kind.items():
        if kind in registry:
            for object_id, hit in registry[kind].load(ids).items():
                loaded[(kind, object_id)] = hit
    return [loaded[k] for k in keys if k in loaded]


def suggestion(plan: analysis.QueryPlan, text: str) -> str | None:
    """The query with misspelled English words replaced by the closest indexed words."""
    backend = get_backend()
    corrected = text
    changed = False
    for clause in plan.clauses:
        word = clause.word
        if not word or len(word) < 3 or not word.isalpha():
            continue
        if backend.word_candidates(word, 0):
            continue
        distance = 1 if len(word) <= 4 else 2
        candidates = [(w, df) for w, df in backend.word_candidates(word, distance) if w != word]
        if not candidates:
            continue
        best = min(candidates, key=lambda c: (edit_distance(word, c[0], distance), -c[1], c[0]))[0]
        pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
        corrected = (
            pattern.sub(best, corrected, count=1)
            if pattern.search(corrected)
            else analysis.fold(corrected).replace(word, best, 1)
        )
        changed = True
    return corrected if changed else None


def _suggest(result: SearchPage, plan: analysis.QueryPlan, filters: Filters, sort: str) -> None:
    """Offer a spelling fix for unknown words; with no hits, show the fix's results when it finds some."""
    better = suggestion(plan, result.query)
    if not better:
        return
    if result.total:
        result.did_you_mean = better
        return
    retry = SearchPage(query=better, page=result.page, per_page=result.per_page)
    _fill(retry, analysis.parse_query(better), filters, sort)
    if retry.total:
        result.did_you_mean = better
        result.corrected_from = result.query
        result.results, result.total = retry.results, retry.total


def similar(title: str, limit: int = 5, user=None, kinds: tuple[str, ...] = ("question", "kb")) -> list[Hit]:
    """Visible documents of `kinds` like `title` (what someone is typing), best first, ranked as search ranks.

    Raises BackendUnavailable when the index cannot be read, so a caller can fall back.
    """
    text = (title or "")[:MAX_QUERY]
    plan = analysis.parse_query(text)
    if not plan:
        return []
    backend = get_backend()
    filters = Filters(type=kinds[0]) if len(kinds) == 1 else Filters()
    raw = backend.search(plan, filters, "relevance", 0, limit * 4)
    best = max(raw.scores, default=0.0)
    # A suggestion must be a strong match: keep those scoring at least SIMILAR_CUTOFF of the best.
    keys = [
        k for k, score in zip(raw.keys, raw.scores, strict=True) if k[0] in kinds and score >= best * SIMILAR_CUTOFF
    ]
    # The same question in other words or another language: close vector neighbours only.
    near = hybrid.neighbours(
        backend, hybrid.query_vector(text), filters, limit * 2, min_similarity=SIMILAR_MIN_SIMILARITY
    )
    keys = [k for k, _ in hybrid.fuse(keys, [k for k, _ in near if k[0] in kinds])]
    return load_hits(keys)[:limit]


def related(kind: str, object_id: int, limit: int = 5, kinds: tuple[str, ...] = ("question", "kb")) -> list[Hit]:
    """Visible documents close in meaning to one indexed document (any language), best first."""
    if not hybrid.embeddings.enabled():
        return []
    backend = get_backend()
    vector = backend.vector(f"{kind}:{object_id}")
    filters = Filters(type=kinds[0]) if len(kinds) == 1 else Filters()
    near = hybrid.neighbours(backend, vector, filters, limit * 2, min_similarity=SIMILAR_MIN_SIMILARITY,
                             exclude=(kind, object_id))  # fmt: skip
    keys = [k for k, _ in near if k[0] in kinds]
    return load_hits(keys)[:limit]


def rebuild_state() -> dict:
    return dict(status())
