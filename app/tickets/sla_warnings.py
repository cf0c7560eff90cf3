"""SLA warnings: tell a ticket's assignee once when a clock is about to breach and once when it has.

The event log is the memory: a warning is an event, so "once" is "no such event yet", and the
notification reaches the assignee through the notifications consumer like any other.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.core import events
from app.core.timeutil import utcnow
from app.extensions import db
from app.tickets import sla
from app.tickets.models import DONE_STATUSES, Ticket

SOON = "ticket.sla_warning"
BREACHED = "ticket.sla_breached"


def warn_due(now: datetime | None = None) -> int:
    """Record a warning for each running clock of an assigned ticket that nears or passed its target."""
    now = now or utcnow()
    open_tickets = db.session.scalars(
        select(Ticket).where(
            Ticket.status.not_in([s.value for s in DONE_STATUSES]),
            Ticket.assignee_id.is_not(None),
            Ticket.paused_since.is_(None),
        )
    ).all()
    already = _warned({t.id for t in open_tickets})
    recorded = 0
    for ticket in open_tickets:
        for clock, target in zip(sla.clocks(ticket, now), sla.targets(ticket.tier, ticket.priority), strict=True):
            kind = _stage(clock, target)
            if kind and (ticket.id, kind, clock.name) not in already:
                _record(ticket, kind, clock)
                recorded += 1
    db.session.commit()
    return recorded


def _stage(clock: sla.Clock, target) -> str | None:
    if clock.done_at is not None:
        return None
    if clock.breached:
        return BREACHED
    fraction = current_app.config.get("TICKETS_SLA_WARN_FRACTION", 0.2)
    return SOON if clock.remaining <= target * fraction else None


def _warned(ticket_ids: set[int]) -> set[tuple[int, str, str]]:
    if not ticket_ids:
        return set()
    rows = db.session.execute(
        select(events.Event.subject_id, events.Event.kind, events.Event.payload).where(
            events.Event.kind.in_([SOON, BREACHED]),
            events.Event.subject_type == "ticket",
            events.Event.subject_id.in_(ticket_ids),
        )
    )
    return {(subject_id, kind, (payload or {}).get("clock")) for subject_id, kind, payload in rows}


def _record(ticket: Ticket, kind: str, clock: sla.Clock) -> None:
    events.record(
        kind,
        actor=None,
        subject_type="ticket",
        subject_id=ticket.id,
        audience=events.STAFF,
        payload={
            "ticket_id": ticket.id,
            "clock": clock.name,
            "due_at": clock.due_at.isoformat(),
            "assignee_id": ticket.assignee_id,
        },
    )


def assignee(event):
    """Only the assignee named in the warning hears about it."""
    value = (event.payload or {}).get("assignee_id")
    return [(value, "assignee")] if isinstance(value, int) else []
