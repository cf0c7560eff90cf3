"""Search analytics: what people searched for, what they found and what they clicked.

Searches, clicks and similar-question suggestions are recorded as staff-only events; the admin
report is computed from the event log on request. That reads every `search.*` / `similar.*` row
of the period into Python: fine at this community's scale (tens of thousands of searches a
month); a larger site would keep a rollup table filled by an event consumer instead.
"""

import csv
import io
import logging
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.core import events
from app.core.events.kinds import SearchClicked, SearchPerformed, SearchSuggested
from app.core.permissions import is_staff
from app.core.timeutil import utcnow
from app.extensions import db
from app.search import analysis

log = logging.getLogger(__name__)

PERFORMED = "search.performed"
CLICKED = "search.clicked"
SUGGESTED = "search.suggested"
SIMILAR_CLICKED = "similar.clicked"  # recorded by app.qa.queries.record_similar_click
# Staff-only, but not events.STAFF: that audience goes to the realtime "moderation" room, and
# every search would refresh every open review queue. "staff:analytics" is seen by the same
# people (the rule below) and is relayed to no room.
AUDIENCE = "staff:analytics"
LANGUAGES = ("en", "zh_Hans", "zh_Hant")
PERIODS = (7, 30, 90, 365)
MAX_ROWS = 200

_BOTS = re.compile(r"bot|crawl|spider|slurp|bingpreview|facebookexternalhit|curl/|wget|python-requests", re.I)
_SEARCH_ID = re.compile(r"^[0-9a-f]{32}$")
BAD_SEARCH_ID = _l("Not a search id.")


# The payloads are declared with every other kind in app.core.events.kinds.
KINDS: dict[str, type] = {PERFORMED: SearchPerformed, CLICKED: SearchClicked, SUGGESTED: SearchSuggested}


def register(app) -> None:
    """Let staff (and only staff) read analytics events through the event log."""
    events.register_audience(app, "staff", lambda user, _key: is_staff(user))


def normalize(text: str) -> str:
    """Fold a query so that equivalent spellings (width, case, script) group together."""
    return " ".join(analysis.fold(text or "").split())


def guess_language(text: str) -> str:
    """zh_Hant when converting to Simplified changes the text, zh_Hans for other Chinese, else en."""
    text = unicodedata.normalize("NFKC", text or "")
    if not analysis._has_cjk(text):
        return "en"
    return "zh_Hant" if analysis._converter("t2s").convert(text) != text else "zh_Hans"


def is_bot(user_agent: str | None) -> bool:
    return bool(user_agent) and _BOTS.search(user_agent) is not None


def valid_search_id(value: str | None) -> bool:
    return bool(value) and _SEARCH_ID.match(value) is not None


def _actor_id(user) -> int | None:
    return user.id if getattr(user, "is_authenticated", False) else None


def _commit_quietly(kind: str) -> bool:
    """Commit the recorded event; analytics must never break the page, so a failure logs and rolls back."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.warning("could not record %s", kind, exc_info=True)
        return False
    return True


def record_page(result, filters, sort: str, *, source: str) -> str | None:
    """Record the search behind one page of results, for this request's user (never fails the search)."""
    facets = {
        **asdict(filters),
        "sort": sort if sort != "relevance" else "",
        "page": result.page if result.page > 1 else "",
    }
    return record_search(current_user, result.query, result.total, facets, source=source,
                         user_agent=request.headers.get("User-Agent"))  # fmt: skip


def record_search(user, query: str, total: int, filters: dict, *, source: str, user_agent: str | None) -> str | None:
    """Record a search someone made; return its search id (None when nothing was recorded)."""
    query = (query or "").strip()[:200]
    if not query or is_bot(user_agent):
        return None
    search_id = uuid.uuid4().hex
    payload: SearchPerformed = {
        "search_id": search_id, "query": query, "normalized": normalize(query), "language": guess_language(query),
        "results": int(total), "filters": {k: v for k, v in filters.items() if v not in ("", None)}, "source": source,
    }  # fmt: skip
    return search_id if _record_search_event(PERFORMED, user, payload) else None


def record_suggested(user, title: str, keys: list[str], *, user_agent: str | None) -> str | None:
    """Record similar questions shown while someone typed a title; return the suggestion's search id."""
    title = (title or "").strip()[:200]
    if not title or is_bot(user_agent):
        return None
    search_id = uuid.uuid4().hex
    payload: SearchSuggested = {
        "search_id": search_id, "query": title, "normalized": normalize(title), "language": guess_language(title),
        "results": len(keys), "keys": keys,
    }  # fmt: skip
    return search_id if _record_search_event(SUGGESTED, user, payload) else None


def _record_search_event(kind: str, user, payload: dict) -> bool:
    """Record and commit one search event; a failure is logged and never reaches the searcher."""
    try:
        events.record(kind, actor=_actor_id(user), subject_type="search", subject_id=None,
                      audience=AUDIENCE, payload=dict(payload))  # fmt: skip
    except Exception:
        log.warning("could not record %s", kind, exc_info=True)
        return False
    return _commit_quietly(kind)


def record_click(user, search_id: str, rank: int, kind: str, object_id: int, *, user_agent: str | None) -> None:
    """Record a click on a search result (the caller has checked the document exists)."""
    if not valid_search_id(search_id) or is_bot(user_agent):
        return
    payload: SearchClicked = {"search_id": search_id, "rank": rank, "key": f"{kind}:{object_id}"}
    try:
        events.record(CLICKED, actor=_actor_id(user), subject_type=kind, subject_id=object_id,
                      audience=AUDIENCE, payload=dict(payload))  # fmt: skip
    except Exception:
        log.warning("could not record %s", CLICKED, exc_info=True)
        return
    _commit_quietly(CLICKED)


# --- the report ------------------------------------------------------------------------------


@dataclass
class QueryRow:
    """One normalised query: how often, in which languages, in which weeks."""

    normalized: str
    example: str  # the most frequent spelling as typed
    count: int = 0
    languages: Counter = field(default_factory=Counter)
    weeks: Counter = field(default_factory=Counter)
    spellings: Counter = field(default_factory=Counter)


@dataclass
class Rate:
    shown: int = 0
    clicked: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.clicked / self.shown, 1) if self.shown else None


@dataclass
class Report:
    days: int
    since: datetime
    searches: int = 0
    weeks: list[date] = field(default_factory=list)
    no_results: list[QueryRow] = field(default_factory=list)
    no_clicks: list[QueryRow] = field(default_factory=list)
    results_ctr: Rate = field(default_factory=Rate)
    suggestions_ctr: Rate = field(default_factory=Rate)
    by_language: Counter = field(default_factory=Counter)


def check_period(value: str | None) -> int:
    """The report's period in days (7, 30, 90 or 365); anything else is a 400."""
    from app.core.errors import ValidationError

    if not value:
        return 30
    if not value.isdigit() or int(value) not in PERIODS:
        message = _l("Choose 7, 30, 90 or 365 days.")
        raise ValidationError(message, fields={"days": message})
    return int(value)


def week_of(moment: datetime) -> date:
    """The Monday starting the ISO week of `moment`."""
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _events(kinds: tuple[str, ...], since: datetime):
    stmt = (
        select(events.Event.kind, events.Event.created_at, events.Event.payload)
        .where(events.Event.kind.in_(kinds), events.Event.created_at >= since)
        .order_by(events.Event.id)
    )
    return db.session.execute(stmt)


def build_report(user, days: int = 30, now: datetime | None = None) -> Report:
    """No-result and no-click queries and click-through rates over the last `days` days."""
    from app.core.permissions import Perm, require

    require(user, Perm.MODERATE)
    now = now or utcnow()
    report = Report(days=days, since=now - timedelta(days=days))
    searches, clicked, suggested, suggestion_clicks = [], set(), [], set()
    for kind, created, payload in _events((PERFORMED, CLICKED, SUGGESTED, SIMILAR_CLICKED), report.since):
        payload = payload or {}
        if kind == PERFORMED and payload.get("normalized"):
            searches.append((created, payload))
        elif kind == CLICKED:
            clicked.add(payload.get("search_id"))
        elif kind == SUGGESTED:
            suggested.append(payload)
        elif payload.get("search_id"):  # older similar.clicked rows carry no search id
            suggestion_clicks.add(payload["search_id"])
    report.searches = len(searches)
    report.weeks = sorted({week_of(created) for created, _p in searches})
    no_results, no_clicks = {}, {}
    for created, p in searches:
        report.by_language[p.get("language", "en")] += 1
        if not p.get("results"):
            _count(no_results, created, p)
            continue
        report.results_ctr.shown += 1
        if p.get("search_id") in clicked:
            report.results_ctr.clicked += 1
        else:
            _count(no_clicks, created, p)
    for p in suggested:
        if p.get("results"):
            report.suggestions_ctr.shown += 1
            report.suggestions_ctr.clicked += p.get("search_id") in suggestion_clicks
    report.no_results = _ranked(no_results)
    report.no_clicks = _ranked(no_clicks)
    return report


def _count(rows: dict, created: datetime, payload: dict) -> None:
    row = rows.setdefault(payload["normalized"], QueryRow(payload["normalized"], payload.get("query", "")))
    row.count += 1
    row.languages[payload.get("language", "en")] += 1
    row.weeks[week_of(created)] += 1
    row.spellings[payload.get("query", "")] += 1
    row.example = row.spellings.most_common(1)[0][0]


def _ranked(rows: dict) -> list[QueryRow]:
    return sorted(rows.values(), key=lambda r: (-r.count, r.normalized))[:MAX_ROWS]


def report_csv(report: Report) -> str:
    """The report's two query tables as CSV, UTF-8 with a BOM so spreadsheet programs read Chinese."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        ["table", "normalized_query", "example", "count", *LANGUAGES, *[w.isoformat() for w in report.weeks]]
    )
    for table, rows in (("no_results", report.no_results), ("no_clicks", report.no_clicks)):
        for r in rows:
            writer.writerow([table, _safe_cell(r.normalized), _safe_cell(r.example), r.count,
                             *[r.languages[lang] for lang in LANGUAGES], *[r.weeks[w] for w in report.weeks]])  # fmt: skip
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """Keep a typed query from being run as a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
