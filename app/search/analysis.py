"""The search analyzer shared by every backend (no engine imports here).

Text is folded (NFKC full-width → half-width, Traditional → Simplified at phrase level with
OpenCC, lower case), English words become Porter stems, Chinese runs become character bigrams
in position order, followed by every single character (1-character queries) and every
character trigram. A 3–6-character query is the AND of its trigrams: as exact as a phrase of
bigrams, but a plain term intersection. Measured on 10k posts, Whoosh phrase queries cost 5× a
term query (p99 of the 200-query set came from them); trigrams add about a sixth to the index. Backends receive the tokens
pre-joined by spaces and only split on spaces: the Whoosh schema stores no custom analyzer.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from app.search.porter import stem

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_PIECES = re.compile(rf"([{CJK}]+)|([^\W_{CJK}]+)")
# OpenCC leaves a few Taiwan/Mainland character variants apart; fold them after conversion.
_VARIANTS = str.maketrans({"帐": "账"})
MAX_INDEX_CHARS = 20_000
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have i if in into is it its my of on or so "
    "that the their then there these this to was we were will with you your".split()
)


@lru_cache(maxsize=2)
def _converter(config: str = "tw2sp"):
    import opencc

    return opencc.OpenCC(config)


def fold(text: str) -> str:
    """Fold width, script (Taiwan vocabulary included) and case so that equivalent spellings compare equal."""
    text = unicodedata.normalize("NFKC", text or "")
    if _has_cjk(text):
        text = _converter().convert(text).translate(_VARIANTS)
    return text.lower()


def fold_forms(text: str) -> tuple[str, str | None]:
    """The vocabulary fold (tw2sp) and, when it differs, the character-only fold (t2s).

    tw2sp rewrites by context-dependent phrases (文件 → 文档, 登入 → 登录), so the same word can fold
    differently inside a longer run; indexing and querying both forms keeps recall whole.
    """
    text = unicodedata.normalize("NFKC", text or "")
    if not _has_cjk(text):
        return text.lower(), None
    vocabulary = _converter().convert(text).translate(_VARIANTS).lower()
    characters = _converter("t2s").convert(text).translate(_VARIANTS).lower()
    return vocabulary, (characters if characters != vocabulary else None)


_ANY_CJK = re.compile(f"[{CJK}]")


def _has_cjk(text: str) -> bool:
    return _ANY_CJK.search(text) is not None


def _word_token(word: str) -> str | None:
    if word in STOP_WORDS:
        return None
    return stem(word) if word.isalpha() and word.isascii() else word


def tokens(text: str) -> list[str]:
    """Index tokens of `text`: stems and bigrams in order, then single characters and trigrams.

    Chinese whose character-only fold differs adds the tokens only that form has, at the end.
    """
    vocabulary, characters = fold_forms(text[:MAX_INDEX_CHARS] if text else "")
    out = _folded_tokens(vocabulary)
    if characters is None:
        return out
    seen = set(out)
    return out + [t for t in dict.fromkeys(_folded_tokens(characters)) if t not in seen]


def _folded_tokens(folded: str) -> list[str]:
    out: list[str] = []
    chars: list[str] = []
    for cjk, word in _PIECES.findall(folded):
        if cjk:
            if len(cjk) == 1:
                out.append(cjk)
            else:
                out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
                chars.extend(cjk)
                chars.extend(cjk[i : i + 3] for i in range(len(cjk) - 2))
        else:
            token = _word_token(word)
            if token:
                out.append(token)
    return out + chars


def surface_words(text: str) -> set[str]:
    """Unstemmed English words (3+ letters) of `text`: the vocabulary for "did you mean"."""
    folded = fold(text[:MAX_INDEX_CHARS] if text else "")
    return {w for _c, w in _PIECES.findall(folded) if w and len(w) >= 3 and w.isascii() and w.isalpha()}


# --- queries ----------------------------------------------------------------------------


@dataclass
class Clause:
    """One unit of a query: tokens that must all occur for the unit to count (a word, a short run)."""

    tokens: list[str]
    word: str | None = None  # the English word as typed (folded), for spelling suggestions
    weight: float = 1.0

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass
class QueryPlan:
    """A ranked OR over `clauses`; `boosts` (phrases) only add score; `alternative` is the character-only fold.

    Backends score documents matching more clauses higher (coordination), add a bonus when all
    clauses match and for each phrase in `boosts`, and weigh a title match above a body match.
    """

    clauses: list[Clause] = field(default_factory=list)
    boosts: list[Clause] = field(default_factory=list)
    alternative: "QueryPlan | None" = None

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def units(self) -> list[Clause]:
        """Every clause of this plan and of its alternative, once (the OR members)."""
        seen, out = set(), []
        for clause in [*self.clauses, *(self.alternative.clauses if self.alternative else [])]:
            key = tuple(clause.tokens)
            if key not in seen:
                seen.add(key)
                out.append(clause)
        return out[:MAX_UNITS]

    def phrases(self) -> list[Clause]:
        seen, out = set(), []
        for clause in [*self.boosts, *(self.alternative.boosts if self.alternative else [])]:
            if tuple(clause.tokens) not in seen:
                seen.add(tuple(clause.tokens))
                out.append(clause)
        return out[:MAX_UNITS]

    def highlight_terms(self) -> set[str]:
        terms = {t for c in self.clauses for t in c.tokens}
        return terms | (self.alternative.highlight_terms() if self.alternative else set())


MAX_UNITS = 24


def parse_query(text: str) -> QueryPlan:
    """Turn what a person typed into ranked units (any may match) and phrase boosts."""
    vocabulary, characters = fold_forms((text or "")[:500])
    plan = _plan(vocabulary)
    if characters is not None:
        alternative = _plan(characters)
        if alternative and alternative.clauses != plan.clauses:
            plan.alternative = alternative
    return plan


def _plan(folded: str) -> QueryPlan:
    plan = QueryPlan()
    previous: str | None = None  # the last English stem, for two-word phrase boosts
    for cjk, word in _PIECES.findall(folded):
        if cjk:
            clauses, boosts = _cjk_clauses(cjk)
            plan.clauses.extend(clauses)
            plan.boosts.extend(boosts)
            previous = None
            continue
        token = _word_token(word)
        if token:
            plan.clauses.append(Clause([token], word=word))
            if previous:
                plan.boosts.append(Clause([previous, token]))
            previous = token
    return plan


def _cjk_clauses(run: str) -> tuple[list[Clause], list[Clause]]:
    """A run of up to 4 characters is one exact unit; a longer one is ranked by its bigrams.

    1 character: itself; 2: its bigram; 3–4: all its trigrams (exact, as a phrase would be).
    Longer runs are sentences: any bigram may match, and each trigram boosts like a phrase.
    """
    if len(run) <= 2:
        return [Clause([run])], []
    if len(run) <= 4:
        return [Clause([run[i : i + 3] for i in range(len(run) - 2)])], []
    bigrams = list(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))
    trigrams = list(dict.fromkeys(run[i : i + 3] for i in range(len(run) - 2)))
    return [Clause([b]) for b in bigrams], [Clause([t]) for t in trigrams]


# --- highlighting -------------------------------------------------------------------------


def _folded_with_offsets(text: str) -> tuple[list[str], list[int]]:
    """Folds of `text` (vocabulary and character-only) with the source index of each character."""
    folded_parts: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch).lower()
        folded_parts.append(norm)
        offsets.extend([index] * len(norm))
    folded = "".join(folded_parts)
    if not _has_cjk(folded):
        return [folded], offsets
    forms = []
    for config in ("tw2sp", "t2s"):
        converted = _converter(config).convert(folded).translate(_VARIANTS)
        if len(converted) != len(folded):  # a phrase changed length: fall back to characters
            converted = "".join(_converter(config).convert(ch)[:1] or ch for ch in folded).translate(_VARIANTS)
        forms.append(converted)
    return forms, offsets


def match_spans(text: str, plan: QueryPlan) -> list[tuple[int, int]]:
    """Character ranges of `text` that match the query, merged and sorted."""
    wanted = plan.highlight_terms()
    if not wanted or not text:
        return []
    forms, offsets = _folded_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for folded in forms:
        if len(folded) == len(offsets):
            spans.extend(_spans_in(folded, offsets, wanted))
    return _merge(spans)


def _spans_in(folded: str, offsets: list[int], wanted: set[str]) -> list[tuple[int, int]]:
    spans = []
    for match in _PIECES.finditer(folded):
        cjk, word = match.group(1), match.group(2)
        start = match.start()
        if word:
            if _word_token(word) in wanted:
                spans.append((offsets[start], offsets[match.end() - 1] + 1))
            continue
        for i in range(len(cjk)):
            for size in (3, 2, 1):
                if i + size <= len(cjk) and cjk[i : i + size] in wanted:
                    spans.append((offsets[start + i], offsets[start + i + size - 1] + 1))
                    break
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, plan: QueryPlan, length: int = 220) -> Markup:
    """An escaped excerpt around the best match, with matches wrapped in <mark>."""
    text = " ".join((text or "").split())
    spans = match_spans(text, plan)
    start = _best_window(spans, len(text), length)
    end = min(len(text), start + length)
    out = [Markup("…")] if start > 0 else []
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(Markup("<mark>%s</mark>") % text[s:e])
        cursor = e
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(Markup("…"))
    return Markup("").join(out)


def highlight(text: str, plan: QueryPlan) -> Markup:
    """The whole of a short text (a title), escaped, with matches wrapped in <mark>."""
    return snippet(text, plan, length=max(len(text or ""), 1))


def _best_window(spans: list[tuple[int, int]], size: int, length: int) -> int:
    """Start of the window of `length` characters holding the most matches."""
    if not spans or size <= length:
        return 0
    best, best_count = 0, -1
    for s, _e in spans:
        start = max(0, min(s - length // 4, size - length))
        count = sum(1 for a, b in spans if a >= start and b <= start + length)
        if count > best_count:
            best, best_count = start, count
    return best
