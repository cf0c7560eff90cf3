"""Q&A factories other domains can import: make a space, question, answer, comment."""

import itertools

from app.extensions import db
from app.qa import services, spaces
from app.qa.models import Space

_seq = itertools.count(1)


class QAFactories:
    def __init__(self, factories):
        self.f = factories

    def space(self, name=None, **kw) -> Space:
        n = next(_seq)
        admin = kw.pop("actor", None)
        return spaces.create_space(
            admin, name=name or f"Space {n}", slug=kw.pop("slug", None), from_cli=admin is None, **kw
        )

    def question(self, author=None, *, space=None, title=None, body="How do I do this? Details follow.", tags=(), **kw):
        author = author or self.f.user()
        space = space or db.session.scalars(db.select(Space).order_by(Space.id)).first() or self.space()
        n = next(_seq)
        return services.ask_question(
            author,
            title=title or f"Question number {n} about things",
            body=body,
            space=space,
            tags=tags if isinstance(tags, str) else list(tags),
            **kw,
        )

    def answer(self, question, author=None, *, body="Try turning it off and on again.", **kw):
        author = author or self.f.user()
        return services.post_answer(author, question, body=body, **kw)

    def comment(self, post, author=None, *, body="Thanks, that helped.", **kw):
        author = author or self.f.user()
        return services.add_comment(author, post.post_type, post.id, body=body, **kw)
