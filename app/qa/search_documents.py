"""Q&A's search documents: a question with its visible answers and comments is one document."""

from collections.abc import Iterator

from sqlalchemy import func, select

from app.extensions import db
from app.qa import models as m
from app.search.providers import (
    BOOST_OPEN,
    BOOST_SOLVED,
    BOOST_UNANSWERED,
    Hit,
    Provider,
    SearchDoc,
    ids_in_batches,
    url,
)  # fmt: skip


def quality(question) -> float:
    """Solved threads first, unanswered ones last, all else equal."""
    if question.accepted_answer_id is not None:
        return BOOST_SOLVED
    return BOOST_OPEN if question.answer_count else BOOST_UNANSWERED


class QuestionDocuments(Provider):
    kind = "question"
    payload_key = "question_id"

    def _visible_question(self, object_id: int):
        q = db.session.get(m.Question, object_id)
        return q if q is not None and q.status == m.VISIBLE else None

    def _thread_text(self, question_ids: list[int]) -> dict[int, list[str]]:
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
        stmt = select(m.Answer.id).where(m.Answer.question_id.in_(question_ids), m.Answer.status != m.VISIBLE)
        return set(db.session.scalars(stmt))

    def document(self, object_id: int) -> SearchDoc | None:
        q = self._visible_question(object_id)
        if q is None:
            return None
        extra = self._thread_text([q.id])[q.id]
        tags = [t.name for t in q.tags]
        return SearchDoc(
            kind=self.kind,
            object_id=q.id,
            title=q.title,
            body="\n".join([q.body_text or "", *extra]),
            created=q.created_at,
            space=q.space.slug if q.space else "",
            tags=tags,
            labels=[*tags, q.space.name if q.space else ""],
            solved=q.accepted_answer_id is not None,
            score=q.score or 0,
            boost=quality(q),
        )

    def all_ids(self) -> Iterator[int]:
        return ids_in_batches(select(m.Question.id).where(m.Question.status == m.VISIBLE).order_by(m.Question.id))

    def count(self) -> int:
        return db.session.scalar(select(func.count()).where(m.Question.status == m.VISIBLE)) or 0

    def load(self, ids: list[int]) -> dict[int, Hit]:
        rows = db.session.scalars(select(m.Question).where(m.Question.id.in_(ids), m.Question.status == m.VISIBLE))
        questions = list(rows)
        texts = self._thread_text([q.id for q in questions]) if questions else {}
        return {
            q.id: Hit(
                kind=self.kind,
                object_id=q.id,
                title=q.title,
                text="\n".join([q.body_text or "", *texts.get(q.id, [])]),
                url=url("qa.question", question_id=q.id, slug=q.slug),
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
