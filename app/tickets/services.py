"""Ticket rules: who sees a ticket, the conversation, status changes, SLA pauses, CSAT."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core import events, registries
from app.core.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationError
from app.core.permissions import Perm, can
from app.core.sanitize import clean_plain_text, render_markdown
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.tickets import sla
from app.tickets.models import DONE_STATUSES, Priority, Status, Ticket, TicketChange, TicketMessage

MAX_BODY = 20_000


def audience(ticket_id: int) -> str:
    return f"ticket:{ticket_id}"


# --- who may see a ticket ------------------------------------------------------------------


def is_agent(user) -> bool:
    return can(user, Perm.WORK_TICKETS)


def can_see(user, ticket: Ticket) -> bool:
    """The requester and ticket agents see a ticket; nobody else learns it exists."""
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "is_suspended", False):
        return False
    return is_agent(user) or ticket.requester_id == user.id


def audience_rule(user, key: str) -> bool:
    """The `ticket:<id>` audience: the same rule as the ticket page."""
    try:
        ticket = db.session.get(Ticket, int(key))
    except (TypeError, ValueError):
        return False
    return ticket is not None and can_see(user, ticket)


def get_visible(user, ticket_id) -> Ticket:
    """The ticket, or NotFound when `user` may not see it (also for anonymous callers)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise Unauthorized()
    try:
        ticket = db.session.get(Ticket, int(ticket_id), options=_PAGE_LOADS, populate_existing=True)
    except (TypeError, ValueError):
        ticket = None
    if ticket is None or not can_see(user, ticket):
        raise NotFound(_l("Ticket not found."))
    return ticket


# What a ticket page or list shows, loaded up front rather than one query per row.
_LIST_LOADS = (selectinload(Ticket.requester), selectinload(Ticket.organization), selectinload(Ticket.assignee))
_PAGE_LOADS = (
    *_LIST_LOADS,
    selectinload(Ticket.messages).selectinload(TicketMessage.author),
    selectinload(Ticket.changes).selectinload(TicketChange.actor),
)


def visible_messages(user, ticket: Ticket) -> list[TicketMessage]:
    """Messages `user` may read: internal notes only for agents."""
    return [m for m in ticket.messages if not m.internal or is_agent(user)]


# --- input checks --------------------------------------------------------------------------


def check_priority(value, field: str = "priority") -> str:
    if value not in {p.value for p in Priority}:
        raise ValidationError(fields={field: _l("Choose low, normal, high or urgent.")})
    return value


def check_status(value, field: str = "status") -> str:
    if value not in {s.value for s in Status}:
        raise ValidationError(fields={field: _l("Choose a valid status.")})
    return value


def check_body(value, field: str = "body") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(fields={field: _l("Write a message.")})
    if len(value) > MAX_BODY:
        raise ValidationError(fields={field: _l("Must be at most %(n)s characters.", n=MAX_BODY)})
    return value.strip()


def check_subject(value) -> str:
    subject = clean_plain_text(value if isinstance(value, str) else "")
    if len(subject) < 3:
        raise ValidationError(fields={"subject": _l("Write a subject of at least 3 characters.")})
    return subject[:200]


# --- creating tickets ----------------------------------------------------------------------


def open_ticket(
    actor,
    *,
    requester: User,
    subject: str,
    body: str | None,
    priority: str = Priority.NORMAL.value,
    question_id: int | None = None,
    answer_id: int | None = None,
    source: str = "staff",
    note_internal: bool = False,
) -> Ticket:
    """Create a ticket and its first message (flushes; the caller commits)."""
    priority = check_priority(priority or Priority.NORMAL.value)
    org = requester.organization
    ticket = Ticket(
        subject=check_subject(subject),
        requester=requester,
        organization_id=org.id if org else None,
        tier=org.tier if org else "standard",
        question_id=question_id,
        answer_id=answer_id,
        source=source,
        priority=priority,
        status=Status.NEW.value,
    )
    db.session.add(ticket)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # the failed flush dooms the whole action; the error's text needs the session
        raise Conflict(_l("This question has already been escalated to support."), code="already_escalated") from None
    _change(ticket, actor, "status", None, Status.NEW.value)
    _change(ticket, actor, "priority", None, priority)
    events.record(
        "ticket.created",
        actor=actor,
        subject_type="ticket",
        subject_id=ticket.id,
        audience=audience(ticket.id),
        payload={"ticket_id": ticket.id, "question_id": question_id, "status": ticket.status, "priority": priority},
    )
    if body and body.strip():
        # The opening message is the requester's own words (their question).
        _add_message(ticket, actor, body, internal=note_internal, opening=True, author=requester)
    return ticket


def _change(ticket: Ticket, actor, field: str, old, new) -> None:
    ticket.changes.append(
        TicketChange(
            actor_id=getattr(actor, "id", None),
            field=field,
            old_value=None if old is None else str(old)[:200],
            new_value=None if new is None else str(new)[:200],
        )
    )


# --- the conversation ----------------------------------------------------------------------


def _add_message(
    ticket: Ticket, actor, body: str, *, internal: bool, opening: bool = False, author=None
) -> TicketMessage:
    body = check_body(body)
    message = TicketMessage(
        author_id=getattr(author or actor, "id", None), body=body, body_html=render_markdown(body), internal=internal
    )
    ticket.messages.append(message)
    ticket.updated_at = utcnow()
    db.session.flush()
    events.record(
        "ticket.message_created",
        actor=actor,
        subject_type="ticket",
        subject_id=ticket.id,
        # Internal notes go to staff only: the requester's channels never carry them.
        audience=events.STAFF if internal else audience(ticket.id),
        payload={"ticket_id": ticket.id, "message_id": message.id, "internal": internal, "opening": opening},
    )
    return message


@transactional
def add_message(actor, ticket_id, body, *, internal: bool = False) -> TicketMessage:
    """Reply on a ticket; agents may write internal notes. A reply can reopen the ticket."""
    ticket = get_visible(actor, ticket_id)
    internal = bool(internal)
    agent = is_agent(actor)
    if internal and not agent:
        raise Forbidden(_l("Only support staff can write internal notes."))
    message = _add_message(ticket, actor, body, internal=internal)
    if not internal:
        if agent and actor.id != ticket.requester_id:
            if ticket.first_response_at is None:
                now = utcnow()
                ticket.first_response_at = now
                ticket.first_response_paused_seconds = int(sla.paused_for(ticket, now).total_seconds())
            if ticket.status == Status.NEW:
                _set_status(ticket, actor, Status.OPEN.value)
        elif ticket.status in {Status.PENDING_CUSTOMER, Status.SOLVED, Status.CLOSED}:
            # The customer answered, or came back after a solution: the ticket needs staff again.
            _set_status(ticket, actor, Status.OPEN.value)
    return message


# --- status, priority, assignee ------------------------------------------------------------


def _set_status(ticket: Ticket, actor, new: str) -> None:
    old = ticket.status
    if old == new:
        return
    if new in DONE_STATUSES:
        registries.call_all("tickets.before_solve", ticket)  # e.g. insight: a root cause is required
    now = utcnow()
    sla.pause_or_resume(ticket, new, now)
    ticket.status = new
    ticket.updated_at = now
    if new in DONE_STATUSES and ticket.solved_at is None:
        ticket.solved_at = now
    elif new not in DONE_STATUSES:
        ticket.solved_at = None
    _change(ticket, actor, "status", old, new)
    events.record(
        "ticket.status_changed",
        actor=actor,
        subject_type="ticket",
        subject_id=ticket.id,
        audience=audience(ticket.id),
        payload={"ticket_id": ticket.id, "old_status": old, "status": new, "question_id": ticket.question_id},
    )
    if ticket.question_id:
        # The public thread shows only "escalated to support · <status>".
        events.record(
            "question.escalation_changed",
            actor=actor,
            subject_type="question",
            subject_id=ticket.question_id,
            payload={"question_id": ticket.question_id, "status": new},
        )


@transactional
def update_ticket(actor, ticket_id, *, status=None, priority=None, assignee_id=None, unassign: bool = False) -> Ticket:
    """Change status, priority or assignee (support staff only)."""
    ticket = get_visible(actor, ticket_id)
    if not is_agent(actor):
        raise Forbidden(_l("Only support staff can change a ticket's status, priority or assignee."))
    if status is not None:
        status = check_status(status)
        if ticket.status == Status.CLOSED and status != Status.CLOSED:
            raise Conflict(
                _l("A closed ticket is reopened only by a new message."), fields={"status": _l("Reply to reopen it.")}
            )
        _set_status(ticket, actor, status)
    if priority is not None:
        priority = check_priority(priority)
        if priority != ticket.priority:
            _change(ticket, actor, "priority", ticket.priority, priority)
            ticket.priority = priority
            _record_update(ticket, actor, "priority", priority)
    if unassign or assignee_id is not None:
        _assign(ticket, actor, None if unassign else assignee_id)
    return ticket


def _assign(ticket: Ticket, actor, assignee_id) -> None:
    assignee = None
    if assignee_id is not None:
        try:
            assignee = db.session.get(User, int(assignee_id))
        except (TypeError, ValueError):
            assignee = None
        if assignee is None or not is_agent(assignee):
            raise ValidationError(fields={"assignee_id": _l("Choose a member of the support staff.")})
    new_id = assignee.id if assignee else None
    if new_id == ticket.assignee_id:
        return
    old = ticket.assignee.display_name if ticket.assignee else None
    _change(ticket, actor, "assignee", old, assignee.display_name if assignee else None)
    ticket.assignee = assignee
    _record_update(ticket, actor, "assignee_id", new_id)


def _record_update(ticket: Ticket, actor, field: str, value) -> None:
    ticket.updated_at = utcnow()
    events.record(
        "ticket.updated",
        actor=actor,
        subject_type="ticket",
        subject_id=ticket.id,
        audience=audience(ticket.id),
        payload={"ticket_id": ticket.id, "field": field, "value": value},
    )


# --- satisfaction ----------------------------------------------------------------------------


@transactional
def rate(actor, ticket_id, score, comment=None) -> Ticket:
    """The requester rates a solved ticket 1–5 with an optional comment."""
    ticket = get_visible(actor, ticket_id)
    if ticket.requester_id != actor.id:
        raise Forbidden(_l("Only the requester can rate this ticket."))
    if ticket.status not in DONE_STATUSES:
        raise Conflict(_l("You can rate a ticket once it is solved."), code="not_solved")
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError(fields={"score": _l("Choose a rating from 1 to 5.")})
    comment = (comment or "").strip()[:2000] or None
    ticket.csat_score, ticket.csat_comment, ticket.csat_at = score, comment, utcnow()
    _change(ticket, actor, "csat", None, score)
    events.record(
        "ticket.rated",
        actor=actor,
        subject_type="ticket",
        subject_id=ticket.id,
        audience=audience(ticket.id),
        payload={"ticket_id": ticket.id, "score": score},
    )
    return ticket


# --- lists ----------------------------------------------------------------------------------


def my_tickets(user) -> list[Ticket]:
    """The tickets `user` requested, newest activity first."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise Unauthorized()
    stmt = (
        select(Ticket)
        .options(*_LIST_LOADS)
        .where(Ticket.requester_id == user.id)
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
    )
    return list(db.session.scalars(stmt))


QUEUE_FILTERS = ("all", "mine", "unassigned", "breaching")


def agent_queue(actor, *, view: str = "all", tier=None, status=None, now: datetime | None = None) -> list[Ticket]:
    """Open work for agents, most urgent SLA first; filters mine / unassigned / breaching / tier / status."""
    if not is_agent(actor):
        raise Forbidden()
    if view not in QUEUE_FILTERS:
        raise ValidationError(fields={"view": _l("Choose all, mine, unassigned or breaching.")})
    stmt = select(Ticket).options(*_LIST_LOADS)
    if status:
        stmt = stmt.where(Ticket.status == check_status(status))
    else:
        stmt = stmt.where(Ticket.status.not_in([s.value for s in DONE_STATUSES]))
    if tier:
        stmt = stmt.where(Ticket.tier == tier)
    if view == "mine":
        stmt = stmt.where(Ticket.assignee_id == actor.id)
    elif view == "unassigned":
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    tickets = list(db.session.scalars(stmt.order_by(Ticket.id).limit(1000)))
    now = now or utcnow()
    if view == "breaching":
        tickets = [t for t in tickets if sla.is_breaching(t, now)]
    return sorted(tickets, key=lambda t: _urgency(t, now))


def _urgency(ticket: Ticket, now):
    """Time left on the nearest running clock (the resolution clock when none runs)."""
    clocks = sla.clocks(ticket, now)
    running = [c.remaining for c in clocks if c.done_at is None]
    return min(running) if running else clocks[1].remaining


def agents() -> list[User]:
    """Staff who can be assigned tickets."""
    users = db.session.scalars(select(User).where(User.role.in_(["moderator", "admin"])).order_by(User.display_name))
    return [u for u in users if is_agent(u)]
