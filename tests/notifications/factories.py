"""Q&A rows and the events the Q&A services record, made directly so these tests stand alone.

Other domains' tests can use `follow(user, type, id)` and `notifications_of(user)`.
"""

import itertools

from sqlalchemy import select

from app.core import events
from app.extensions import db
from app.notifications import follows
from app.notifications.models import Notification

_seq = itertools.count(1)


def follow(user, target_type, target_id):
    follows.follow(user, target_type, target_id)
    db.session.commit()


def notifications_of(user) -> list[Notification]:
    return list(
        db.session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    )


class QAFactory:
    """Questions, answers and comments plus the event their service would record."""

    def space(self, name=None):
        from app.qa.models import Space

        n = next(_seq)
        space = Space(name=name or f"Space {n}", slug=f"space-{n}", description="")
        db.session.add(space)
        db.session.commit()
        return space

    def tag(self, name):
        from app.qa.models import Tag

        tag = db.session.scalar(select(Tag).where(Tag.name == name))
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
            db.session.commit()
        return tag

    def ask(self, author, space=None, *, title=None, body="How do I do this?", tags=(), status="visible"):
        from app.qa.models import Question

        space = space or self.space()
        question = Question(
            space_id=space.id,
            author_id=author.id,
            title=title or f"Question number {next(_seq)} about exports",
            slug="question",
            body=body,
            body_html=f"<p>{body}</p>",
            body_text=body,
            status=status,
            tags=[self.tag(t) for t in tags],
        )
        db.session.add(question)
        db.session.flush()
        events.record(
            "question.created",
            actor=author,
            subject_type="question",
            subject_id=question.id,
            audience="public" if status == "visible" else "staff",
            payload={"question_id": question.id, "space_id": space.id, "author_id": author.id},
        )
        db.session.commit()
        return question

    def answer(self, question, author, *, body="Try turning it off and on.", status="visible"):
        from app.qa.models import Answer

        answer = Answer(
            question_id=question.id, author_id=author.id, body=body, body_html=body, body_text=body, status=status
        )
        db.session.add(answer)
        db.session.flush()
        events.record(
            "answer.created",
            actor=author,
            subject_type="answer",
            subject_id=answer.id,
            audience="public" if status == "visible" and question.status == "visible" else "staff",
            payload={
                "question_id": question.id,
                "space_id": question.space_id,
                "answer_id": answer.id,
                "author_id": author.id,
            },
        )
        db.session.commit()
        return answer

    def comment(self, post, author, *, body="Good point."):
        from app.qa.models import Comment

        question_id = post.question_id
        comment = Comment(
            question_id=question_id,
            post_type=post.post_type,
            post_id=post.id,
            author_id=author.id,
            body=body,
            body_html=body,
        )
        db.session.add(comment)
        db.session.flush()
        events.record(
            "comment.created",
            actor=author,
            subject_type="comment",
            subject_id=comment.id,
            payload={
                "question_id": question_id,
                "answer_id": post.id if post.post_type == "answer" else None,
                "comment_id": comment.id,
                "author_id": author.id,
            },
        )
        db.session.commit()
        return comment

    def accept(self, answer, by):
        answer.question.accepted_answer_id = answer.id
        events.record(
            "answer.accepted",
            actor=by,
            subject_type="answer",
            subject_id=answer.id,
            payload={"question_id": answer.question_id, "answer_id": answer.id, "author_id": answer.author_id},
        )
        db.session.commit()
