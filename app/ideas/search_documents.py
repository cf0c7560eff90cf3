"""Ideas' search documents: one per idea, declined and duplicate ones ranked lower."""

from collections.abc import Iterator

from sqlalchemy import func, select

from app.core.sanitize import plain_text_from_markdown
from app.extensions import db
from app.ideas.models import Idea, IdeaStatus
from app.search.providers import BOOST_CLOSED, BOOST_OPEN, Hit, Provider, SearchDoc, ids_in_batches, url

_SET_ASIDE = frozenset({IdeaStatus.DECLINED.value, IdeaStatus.DUPLICATE.value})


def _visible(idea) -> bool:
    return idea is not None and getattr(idea, "is_visible", True) is not False


class IdeaDocuments(Provider):
    kind = "idea"
    payload_key = "idea_id"

    def document(self, object_id: int) -> SearchDoc | None:
        idea = db.session.get(Idea, object_id)
        if not _visible(idea):
            return None
        return SearchDoc(
            kind=self.kind,
            object_id=idea.id,
            title=idea.title,
            body=plain_text_from_markdown(idea.body or ""),
            created=idea.created_at,
            board=idea.board.slug if idea.board else "",
            labels=[idea.board.name] if idea.board else [],
            status=idea.status,
            score=idea.vote_count or 0,
            boost=BOOST_CLOSED if idea.status in _SET_ASIDE else BOOST_OPEN,
        )

    def all_ids(self) -> Iterator[int]:
        return ids_in_batches(select(Idea.id).order_by(Idea.id))

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(Idea)) or 0

    def load(self, ids: list[int]) -> dict[int, Hit]:
        ideas = db.session.scalars(select(Idea).where(Idea.id.in_(ids)))
        return {
            i.id: Hit(
                kind=self.kind,
                object_id=i.id,
                title=i.title,
                text=plain_text_from_markdown(i.body or ""),
                url=url("ideas.show", idea_id=i.id),
                created=i.created_at,
                meta={"board": i.board.name if i.board else "", "status": i.status, "votes": i.vote_count},
            )
            for i in ideas
            if _visible(i)
        }
