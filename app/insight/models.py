"""Root causes, and the fact tables the insight consumer derives from the event log.

The fact tables hold nothing the log does not: `flask insight rebuild` empties and refills them.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.settings import Setting  # noqa: F401  (its table belongs to the same schema)
from app.core.timeutil import UTCDateTime, utcnow
from app.extensions import db


class RootCause(db.Model):
    """A contact reason from the admin-managed list, named in each interface language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(80), unique=True)
    name_zh_hans: Mapped[str] = mapped_column(String(80))
    name_zh_hant: Mapped[str] = mapped_column(String(80))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def name(self, locale: str | None) -> str:
        """The name in `locale` (en, zh_Hans, zh_Hant), falling back to English."""
        return {"zh_Hans": self.name_zh_hans, "zh_Hant": self.name_zh_hant}.get(str(locale or ""), "") or self.name_en


class RootCauseAssignment(db.Model):
    """The root cause staff gave one ticket, question or idea."""

    subject_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    root_cause_id: Mapped[int] = mapped_column(ForeignKey("root_cause.id", ondelete="CASCADE"), index=True)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    root_cause: Mapped[RootCause] = relationship()


# --- facts (derived from the event log) --------------------------------------------------


class FactPerson(db.Model):
    """Each user's organization and staff flag as of the last event the consumer read."""

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    organization_id: Mapped[int | None] = mapped_column(Integer)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)


class FactOrganization(db.Model):
    """Each organization's tier and partner as of the last event the consumer read."""

    organization_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tier: Mapped[str] = mapped_column(String(16), default="standard")
    partner_id: Mapped[int | None] = mapped_column(Integer)


class FactContact(db.Model):
    """One customer contact (a post, vote, ticket message, rating, search, ...) with its context then."""

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    organization_id: Mapped[int | None] = mapped_column(Integer, index=True)
    partner_id: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(16), default="standard")
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    space_id: Mapped[int | None] = mapped_column(Integer)
    ref_type: Mapped[str | None] = mapped_column(String(16))
    ref_id: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[int | None] = mapped_column(Integer)


class FactQuestion(db.Model):
    """A question's clocks: first community and staff answer, accepted or official answer."""

    question_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    asker_id: Mapped[int | None] = mapped_column(Integer, index=True)
    organization_id: Mapped[int | None] = mapped_column(Integer, index=True)
    partner_id: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(16), default="standard")
    space_id: Mapped[int | None] = mapped_column(Integer)
    first_community_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_staff_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    official_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class FactTicket(db.Model):
    """A ticket's clocks, pauses, reopenings and rating, as the log tells them."""

    ticket_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    requester_id: Mapped[int | None] = mapped_column(Integer, index=True)
    organization_id: Mapped[int | None] = mapped_column(Integer, index=True)
    partner_id: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(16), default="standard")
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    status: Mapped[str] = mapped_column(String(24), default="new")
    question_id: Mapped[int | None] = mapped_column(Integer)
    space_id: Mapped[int | None] = mapped_column(Integer)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_response_paused: Mapped[int | None] = mapped_column(Integer)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    csat: Mapped[int | None] = mapped_column(Integer)
    csat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FactIdea(db.Model):
    """An idea's author context, status and when the loop was closed."""

    idea_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    author_id: Mapped[int | None] = mapped_column(Integer)
    organization_id: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(16), default="standard")
    board_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(24), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FactIdeaVote(db.Model):
    """Who backs an idea now, with their tier at the vote."""

    idea_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    organization_id: Mapped[int | None] = mapped_column(Integer, index=True)
    tier: Mapped[str] = mapped_column(String(16), default="standard")
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime())
