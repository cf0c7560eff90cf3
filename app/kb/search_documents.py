"""The knowledge base's search documents: reference answers, ranked above threads all else equal."""

from collections.abc import Iterator

from sqlalchemy import func, select

from app.extensions import db
from app.kb.models import Article
from app.search.providers import BOOST_REFERENCE, Hit, Provider, SearchDoc, ids_in_batches, url


class ArticleDocuments(Provider):
    kind = "kb"
    payload_key = "article_id"

    def document(self, object_id: int) -> SearchDoc | None:
        a = db.session.get(Article, object_id)
        if a is None:
            return None
        return SearchDoc(kind=self.kind, object_id=a.id, title=a.title, body=a.body_text, created=a.created_at,
                         boost=BOOST_REFERENCE, solved=None)  # fmt: skip

    def all_ids(self) -> Iterator[int]:
        return ids_in_batches(select(Article.id).order_by(Article.id))

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(Article)) or 0

    def load(self, ids: list[int]) -> dict[int, Hit]:
        rows = db.session.scalars(select(Article).where(Article.id.in_(ids)))
        return {
            a.id: Hit(
                kind=self.kind,
                object_id=a.id,
                title=a.title,
                text=a.body_text,
                url=url("kb.article", article_id=a.id, slug=a.slug),
                created=a.created_at,
                meta={},
            )  # fmt: skip
            for a in rows
        }
