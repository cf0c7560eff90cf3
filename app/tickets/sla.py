"""SLA clocks: targets by organization tier and priority, paused while waiting on the customer."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core import settings
from app.core.timeutil import utcnow
from app.tickets.models import DONE_STATUSES, PAUSED_STATUSES, Ticket


def targets(tier: str, priority: str) -> tuple[timedelta, timedelta]:
    """The (first response, resolution) targets for a tier and priority."""
    table = settings.get("TICKET_SLA_HOURS")  # stored by an admin, else the config's
    row = table.get(tier) or table["standard"]
    first, resolution = row.get(priority) or row["normal"]
    return timedelta(hours=first), timedelta(hours=resolution)


def paused_for(ticket: Ticket, now: datetime) -> timedelta:
    """Total time the clocks have been stopped, including a pause still running."""
    total = timedelta(seconds=ticket.paused_seconds or 0)
    if ticket.paused_since is not None:
        total += max(now - ticket.paused_since, timedelta(0))
    return total


def pause_or_resume(ticket: Ticket, new_status: str, now: datetime | None = None) -> None:
    """Start or stop the pause as the status enters or leaves pending customer / on hold."""
    now = now or utcnow()
    paused = new_status in PAUSED_STATUSES
    if paused and ticket.paused_since is None:
        ticket.paused_since = now
    elif not paused and ticket.paused_since is not None:
        ticket.paused_seconds = (ticket.paused_seconds or 0) + int((now - ticket.paused_since).total_seconds())
        ticket.paused_since = None


@dataclass
class Clock:
    name: str  # "first_response" / "resolution"
    due_at: datetime
    done_at: datetime | None
    paused: bool
    now: datetime

    @property
    def remaining(self) -> timedelta:
        return self.due_at - (self.done_at or self.now)

    @property
    def breached(self) -> bool:
        return self.remaining < timedelta(0)

    @property
    def met(self) -> bool:
        return self.done_at is not None and not self.breached

    def as_dict(self) -> dict:
        return {
            "due_at": self.due_at.isoformat(),
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "remaining_seconds": int(self.remaining.total_seconds()),
            "breached": self.breached,
            "paused": self.paused,
        }


def clocks(ticket: Ticket, now: datetime | None = None) -> tuple[Clock, Clock]:
    """The first-response and resolution clocks of a ticket at `now`."""
    now = now or utcnow()
    first, resolution = targets(ticket.tier, ticket.priority)
    paused = paused_for(ticket, now)
    is_paused = ticket.paused_since is not None
    # Pauses after the first response do not move its (already stopped) deadline.
    first_pause = paused
    if ticket.first_response_at is not None and ticket.first_response_paused_seconds is not None:
        first_pause = timedelta(seconds=ticket.first_response_paused_seconds)
    solved = ticket.solved_at if ticket.status in DONE_STATUSES else None
    return (
        Clock("first_response", ticket.created_at + first + first_pause, ticket.first_response_at, is_paused, now),
        Clock("resolution", ticket.created_at + resolution + paused, solved, is_paused, now),
    )


def is_breaching(ticket: Ticket, now: datetime | None = None) -> bool:
    """Tell whether either clock is past its target (or finished late)."""
    return any(c.breached for c in clocks(ticket, now))
