"""Idea boards: boards, ideas, votes, comments, status history, merges and links."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.timeutil import UTCDateTime, utcnow
from app.extensions import db


class IdeaStatus(enum.StrEnum):
    OPEN = "open"
    UNDER_REVIEW = "under_review"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    DUPLICATE = "duplicate"


# Ideas in these states take no votes; their votes no longer count against a vote budget.
CLOSED_STATUSES = frozenset({IdeaStatus.COMPLETED, IdeaStatus.DECLINED, IdeaStatus.DUPLICATE})
ROADMAP_STATUSES = (IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.COMPLETED)


class Board(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # How many open ideas one person may vote for on this board at once (None: unlimited).
    vote_budget: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Idea(db.Model):
    __table_args__ = (Index("ix_idea_board_status", "board_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=IdeaStatus.OPEN.value)
    # Demand, recomputed inside the transaction of every vote change (the idea row is locked).
    vote_count: Mapped[int] = mapped_column(Integer, default=0)
    weighted_demand: Mapped[int] = mapped_column(Integer, default=0)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("idea.id", ondelete="SET NULL"), index=True)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    board: Mapped[Board] = relationship()
    author: Mapped[User | None] = relationship()
    merged_into: Mapped["Idea | None"] = relationship(remote_side=[id])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class IdeaVote(db.Model):
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    user: Mapped[User] = relationship()


class IdeaComment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()


class IdeaStatusChange(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    response: Mapped[str] = mapped_column(Text, default="")
    response_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped[User | None] = relationship()


class IdeaMerge(db.Model):
    """One merge of a duplicate into an original, with everything it moved (so undo is exact)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    previous_status: Mapped[str] = mapped_column(String(16))
    # {"source_votes": [{id, user_id, created_at}], "target_votes": [{id, user_id}], "followers": [ids]}
    moved: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    source: Mapped[Idea] = relationship(foreign_keys=[source_id])
    target: Mapped[Idea] = relationship(foreign_keys=[target_id])


class IdeaLink(db.Model):
    """An idea linked to the question (or, later, the ticket) that asked for it."""

    __table_args__ = (UniqueConstraint("idea_id", "question_id"), UniqueConstraint("idea_id", "ticket_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    # No foreign keys: the Q&A and ticket tables belong to other domains (checked in services).
    question_id: Mapped[int | None] = mapped_column(Integer, index=True)
    ticket_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
