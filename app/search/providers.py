"""Document providers: how a domain's content becomes search documents, and back.

A provider turns one object id into a SearchDoc (or None when nothing public should be
indexed: held, deleted, hidden or private), lists every document for a rebuild, and loads the
objects behind search hits for the page, re-checking visibility against the database. Each
domain registers its provider from its own package::

    registries.put(app, "search.providers", "question", QuestionDocuments())

so search never imports a domain.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, url_for

from app.core import registries
from app.extensions import db

log = logging.getLogger(__name__)

REGISTRY = "search.providers"
# Quality priors (a document's `boost`): all else equal, an answer beats an open thread.
BOOST_REFERENCE = 1.5  # knowledge-base articles
BOOST_SOLVED = 1.3  # questions with an accepted answer
BOOST_OPEN = 1.0  # answered, not accepted; open ideas
BOOST_UNANSWERED = 0.8  # questions nobody answered yet
BOOST_CLOSED = 0.6  # declined, closed or merged ideas


@dataclass
class SearchDoc:
    """What a backend indexes for one question, idea or article (all plain text)."""

    kind: str
    object_id: int
    title: str
    body: str
    created: datetime
    space: str = ""
    board: str = ""
    tags: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # tag, space and board names people may type
    solved: bool | None = None
    status: str = ""
    score: int = 0
    boost: float = 1.0
    vector: Any = None  # the passage embedding (numpy, float32), set by the indexer when embeddings are on

    @property
    def uid(self) -> str:
        return f"{self.kind}:{self.object_id}"


@dataclass
class Hit:
    """A search result the searcher may see, loaded from the database."""

    kind: str
    object_id: int
    title: str
    text: str
    url: str
    created: datetime
    meta: dict = field(default_factory=dict)


class Provider:
    kind = ""
    payload_key = ""  # the event payload key naming this provider's object

    def document(self, object_id: int) -> SearchDoc | None:
        raise NotImplementedError

    def all_ids(self) -> Iterator[int]:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def load(self, ids: list[int]) -> dict[int, Hit]:
        """Hits for the visible objects among `ids` (public content only)."""
        raise NotImplementedError

    def documents(self, ids: list[int]) -> list[SearchDoc]:
        return [d for d in (self.document(i) for i in ids) if d is not None]


def ids_in_batches(stmt, batch: int = 500) -> Iterator[int]:
    last = 0
    while True:
        rows = list(db.session.scalars(stmt.where(stmt.selected_columns[0] > last).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1]


def url(endpoint: str, **values) -> str:
    """The URL of a hit's page, or "" when that page is not registered in this build."""
    try:
        return url_for(endpoint, **values)
    except Exception:  # noqa: BLE001
        return ""


def register_provider(app: Flask, provider: Provider) -> Provider:
    """Plug a domain's documents into search (called from the domain's init_app)."""
    return registries.put(app, REGISTRY, provider.kind, provider)


def providers() -> dict[str, Provider]:
    """The providers the domains of this app registered, by kind."""
    return registries.mapping(REGISTRY)


def route(event) -> list[tuple[str, int]]:
    """The (kind, id) documents an event may have changed."""
    payload = event.payload or {}
    found = []
    for kind, provider in providers().items():
        object_id = payload.get(provider.payload_key)
        if object_id is None and event.subject_type == kind:
            object_id = event.subject_id
        if isinstance(object_id, int):
            found.append((kind, object_id))
    return found
