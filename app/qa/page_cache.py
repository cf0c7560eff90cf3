"""A whole-page cache of thread pages as anonymous visitors see them, keyed by the event log.

Every change to a thread records an event, so the newest event id is a version of everything a
page shows: an entry is only reused while no event at all has been recorded since it was
rendered (and for at most TTL seconds: relative times such as "5 seconds ago" age, and a change
that records no event must not live long). Only anonymous requests without flashed messages
read or fill it, so nobody ever gets a page rendered for someone else's permissions; the CSP
nonce and CSRF token of each response are put back into the cached HTML per request.
"""

import threading
import time
from collections import OrderedDict

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select

from app.core.events import Event
from app.core.security import csp_nonce
from app.extensions import db

TTL_SECONDS = 15.0
MAX_ENTRIES = 128
_NONCE = "\x00kith-csp-nonce\x00"
_CSRF = "\x00kith-csrf-token\x00"


class PageCache:
    """A small LRU of rendered pages with placeholders for the per-response secrets."""

    def __init__(self, max_entries: int = MAX_ENTRIES, ttl: float = TTL_SECONDS):
        self.max_entries, self.ttl = max_entries, ttl
        self._entries: OrderedDict[tuple, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry[0] > self.ttl:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple, html: str) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), html)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _cache() -> PageCache:
    return current_app.extensions.setdefault("kith_page_cache", PageCache())


def _eligible() -> bool:
    """Only anonymous GETs with nothing personal in the session share one rendering."""
    return (
        request.method == "GET"
        and not current_user.is_authenticated
        and "_flashes" not in session
        and current_app.config["PAGE_CACHE_ENABLED"]
    )


def _version() -> int:
    """The newest event id (noted by the realtime floor hook when it ran for this request)."""
    noted = request.environ.get("kith.realtime_after")
    if noted is not None:
        return noted
    return db.session.scalar(select(func.max(Event.id))) or 0


def cached_page() -> str | None:
    """The cached page for this anonymous request, with this response's nonce and token; else None."""
    if not _eligible():
        return None
    key = (request.host, request.scheme, request.full_path, str(get_locale()), _version())
    html = _cache().get(key)
    if html is None:
        g.kith_page_cache_key = key
        return None
    html = html.replace(_NONCE, csp_nonce())
    return html.replace(_CSRF, generate_csrf()) if _CSRF in html else html


def remember(body: str, status: int = 200) -> tuple[str, int]:
    """Store a freshly rendered page when `cached_page()` missed for it; return it unchanged."""
    key = g.pop("kith_page_cache_key", None)
    if key is not None and status == 200 and "_flashes" not in session:
        template = body.replace(csp_nonce(), _NONCE)
        if "csrf_token" in g:  # only a page that rendered a form carries a token
            template = template.replace(generate_csrf(), _CSRF)
        _cache().put(key, template)
    return body, status
