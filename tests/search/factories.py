"""Search test helpers other domains can reuse: index content and search it as a user would."""

from app.core import events
from app.extensions import db
from app.search import services
from app.search.base import Filters


class SearchHelper:
    def __init__(self, factories):
        self.f = factories
        self._moderator = None

    @property
    def moderator(self):
        if self._moderator is None:
            self._moderator = self.f.user(role="moderator")
        return self._moderator

    def article(self, title, body):
        from app.kb import services as kb

        return kb.create_article(self.moderator, title=title, body=body)

    def question(self, title, body="Details of the question follow here.", **kw):
        from tests.qa.factories import QAFactories

        return QAFactories(self.f).question(title=title, body=body, **kw)

    def drain(self):
        events.run_all_consumers()

    def search(self, q, user=None, **filters):
        """Drain the event log, then search: (titles in order, total, page)."""
        self.drain()
        sort = filters.pop("sort", "relevance")
        page = filters.pop("page", 1)
        result = services.search(q, filters=Filters(**filters), sort=sort, page=page, user=user)
        return [r.hit.title for r in result.results], result.total, result

    def titles(self, q, **filters):
        return self.search(q, **filters)[0]


def set_status(obj, status: str, kind: str = "question.hidden") -> None:
    """What moderation does: change a post's status and record it (the indexer reacts)."""
    obj.status = status
    question_id = getattr(obj, "question_id", obj.id)
    events.record(kind, subject_type="question", subject_id=question_id, audience="staff",
                  payload={"question_id": question_id})  # fmt: skip
    db.session.commit()
