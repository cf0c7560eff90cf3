"""Document providers: how each domain's content becomes search documents, and back.

A provider turns one object id into a SearchDoc (or None when nothing public should be
indexed: held, deleted, hidden or private), lists every document for a rebuild, and loads the
objects behind search hits for the page, re-checking visibility against the database. The
registry holds a provider only for domains whose models exist in this build.
"""

import importlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for
from sqlalchemy import func, select

from app.extensions import db

log = logging.getLogger(__name__)

KB_BOOST = 3.0


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
    solved: bool | None = None
    status: str = ""
    score: int = 0
    boost: float = 1.0

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


def _ids(stmt, batch: int = 500) -> Iterator[int]:
    last = 0
    while True:
        rows = list(db.session.scalars(stmt.where(stmt.selected_columns[0] > last).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1]


class QuestionProvider(Provider):
    kind = "question"
    payload_key = "question_id"

    def __init__(self):
        from app.qa import models

        self.m = models

    def _visible_question(self, object_id: int):
        q = db.session.get(self.m.Question, object_id)
        return q if q is not None and q.status == self.m.VISIBLE else None

    def _thread_text(self, question_ids: list[int]) -> dict[int, list[str]]:
        m = self.m
        texts: dict[int, list[str]] = {i: [] for i in question_ids}
        answers = db.session.execute(
            select(m.Answer.question_id, m.Answer.body_text)
            .where(m.Answer.question_id.in_(question_ids), m.Answer.status == m.VISIBLE)
            .order_by(m.Answer.id)
        )
        for qid, text in answers:
            texts[qid].append(text or "")
        comments = db.session.execute(
            select(m.Comment.question_id, m.Comment.body, m.Comment.post_type, m.Comment.post_id)
            .where(m.Comment.question_id.in_(question_ids), m.Comment.status == m.VISIBLE)
            .order_by(m.Comment.id)
        )
        hidden_answers = self._hidden_answer_ids(question_ids)
        for qid, body, post_type, post_id in comments:
            if post_type == "answer" and post_id in hidden_answers:
                continue
            texts[qid].append(body or "")
        return texts

    def _hidden_answer_ids(self, question_ids: list[int]) -> set[int]:
        m = self.m
        stmt = select(m.Answer.id).where(m.Answer.question_id.in_(question_ids), m.Answer.status != m.VISIBLE)
        return set(db.session.scalars(stmt))

    def document(self, object_id: int) -> SearchDoc | None:
        q = self._visible_question(object_id)
        if q is None:
            return None
        extra = self._thread_text([q.id])[q.id]
        return SearchDoc(
            kind=self.kind,
            object_id=q.id,
            title=q.title,
            body="\n".join([q.body_text or "", *extra]),
            created=q.created_at,
            space=q.space.slug if q.space else "",
            tags=[t.name for t in q.tags],
            solved=q.accepted_answer_id is not None,
            score=q.score or 0,
        )

    def all_ids(self) -> Iterator[int]:
        m = self.m
        return _ids(select(m.Question.id).where(m.Question.status == m.VISIBLE).order_by(m.Question.id))

    def count(self) -> int:
        m = self.m
        return db.session.scalar(select(func.count()).where(m.Question.status == m.VISIBLE)) or 0

    def load(self, ids: list[int]) -> dict[int, Hit]:
        m = self.m
        rows = db.session.scalars(select(m.Question).where(m.Question.id.in_(ids), m.Question.status == m.VISIBLE))
        questions = list(rows)
        texts = self._thread_text([q.id for q in questions]) if questions else {}
        return {
            q.id: Hit(
                kind=self.kind,
                object_id=q.id,
                title=q.title,
                text="\n".join([q.body_text or "", *texts.get(q.id, [])]),
                url=_url("qa.question", question_id=q.id, slug=q.slug),
                created=q.created_at,
                meta={
                    "space": q.space.name if q.space else "",
                    "tags": [t.name for t in q.tags],
                    "solved": q.accepted_answer_id is not None,
                    "score": q.score,
                    "answers": q.answer_count,
                },
            )
            for q in questions
        }


class IdeaProvider(Provider):
    kind = "idea"
    payload_key = "idea_id"

    def __init__(self):
        from app.ideas import models

        self.m = models

    def _visible(self, idea) -> bool:
        return idea is not None and getattr(idea, "is_visible", True) is not False

    def document(self, object_id: int) -> SearchDoc | None:
        idea = db.session.get(self.m.Idea, object_id)
        if not self._visible(idea):
            return None
        from app.core.sanitize import plain_text_from_markdown

        return SearchDoc(
            kind=self.kind,
            object_id=idea.id,
            title=idea.title,
            body=plain_text_from_markdown(idea.body or ""),
            created=idea.created_at,
            board=idea.board.slug if idea.board else "",
            status=idea.status,
            score=idea.vote_count or 0,
        )

    def all_ids(self) -> Iterator[int]:
        return _ids(select(self.m.Idea.id).order_by(self.m.Idea.id))

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(self.m.Idea)) or 0

    def load(self, ids: list[int]) -> dict[int, Hit]:
        from app.core.sanitize import plain_text_from_markdown

        ideas = db.session.scalars(select(self.m.Idea).where(self.m.Idea.id.in_(ids)))
        return {
            i.id: Hit(
                kind=self.kind,
                object_id=i.id,
                title=i.title,
                text=plain_text_from_markdown(i.body or ""),
                url=_url("ideas.show", idea_id=i.id),
                created=i.created_at,
                meta={"board": i.board.name if i.board else "", "status": i.status, "votes": i.vote_count},
            )
            for i in ideas
            if self._visible(i)
        }


class ArticleProvider(Provider):
    kind = "kb"
    payload_key = "article_id"

    def __init__(self):
        from app.kb import models

        self.m = models

    def document(self, object_id: int) -> SearchDoc | None:
        a = db.session.get(self.m.Article, object_id)
        if a is None:
            return None
        return SearchDoc(
            kind=self.kind,
            object_id=a.id,
            title=a.title,
            body=a.body_text,
            created=a.created_at,
            boost=KB_BOOST,
            solved=None,
        )

    def all_ids(self) -> Iterator[int]:
        return _ids(select(self.m.Article.id).order_by(self.m.Article.id))

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(self.m.Article)) or 0

    def load(self, ids: list[int]) -> dict[int, Hit]:
        rows = db.session.scalars(select(self.m.Article).where(self.m.Article.id.in_(ids)))
        return {
            a.id: Hit(
                kind=self.kind,
                object_id=a.id,
                title=a.title,
                text=a.body_text,
                url=_url("kb.article", article_id=a.id, slug=a.slug),
                created=a.created_at,
                meta={},
            )
            for a in rows
        }


def _url(endpoint: str, **values) -> str:
    try:
        return url_for(endpoint, **values)
    except Exception:  # noqa: BLE001  (the domain's page is not registered in this build)
        return ""


_CANDIDATES = {
    "question": ("app.qa.models", QuestionProvider),
    "idea": ("app.ideas.models", IdeaProvider),
    "kb": ("app.kb.models", ArticleProvider),
}
_registry: dict[str, Provider] = {}


def register_provider(provider: Provider) -> None:
    """Add (or replace) the provider for `provider.kind`."""
    _registry[provider.kind] = provider


def providers() -> dict[str, Provider]:
    """Providers of the domains present in this build (a missing domain is simply absent)."""
    if not _registry:
        for module, cls in _CANDIDATES.values():
            try:
                importlib.import_module(module)
            except ImportError:
                log.info("search: %s is not available; its documents are not indexed", module)
                continue
            register_provider(cls())
    return _registry


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
