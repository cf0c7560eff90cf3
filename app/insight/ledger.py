"""The insight consumer: turns event-log rows into the fact tables, resolving context as of each event.

Add a kind by adding an entry to CONTACTS (a customer contact shown on the 360 timeline and
counted by the dashboards) and, when it moves a clock, a function to UPDATERS. Unknown kinds
are skipped; `search.*` kinds (the search helper's) count as searches.
"""

import logging
from datetime import datetime

from sqlalchemy import delete, select, update

from app.auth.models import Organization, User
from app.core.events import Event
from app.core.permissions import STAFF_ROLES, Role
from app.extensions import db
from app.insight.models import (
    FactContact,
    FactIdea,
    FactIdeaVote,
    FactOrganization,
    FactPerson,
    FactQuestion,
    FactTicket,
)

log = logging.getLogger(__name__)

NAME = "insight"
PAUSED = {"pending_customer", "on_hold"}
DONE = {"solved", "closed"}
IDEA_CLOSED = {"completed", "declined"}

# Event kind -> (contact kind, reference type, whose contact it is: "actor" or a resolver name).
CONTACTS: dict[str, tuple[str, str, str]] = {
    "question.created": ("question", "question", "actor"),
    "answer.created": ("answer", "question", "actor"),
    "comment.created": ("comment", "question", "actor"),
    "vote.changed": ("vote", "question", "actor"),
    "answer.accepted": ("accept", "question", "actor"),
    "question.me_too": ("me_too", "question", "actor"),
    "similar.clicked": ("suggestion_click", "question", "actor"),
    "idea.created": ("idea", "idea", "actor"),
    "idea.voted": ("idea_vote", "idea", "actor"),
    "idea.commented": ("idea_comment", "idea", "actor"),
    "ticket.created": ("ticket", "ticket", "requester"),
    "ticket.message_created": ("ticket_message", "ticket", "requester"),
    "ticket.rated": ("rating", "ticket", "requester"),
    "kb.viewed": ("kb_read", "kb", "actor"),
    "user.logged_in": ("visit", "user", "actor"),
}
# Prefixes whose unknown kinds still count (search is being built in parallel: search.query, search.clicked, ...).
PREFIXES: dict[str, tuple[str, str, str]] = {"search.": ("search", "search", "actor")}
# Contact kinds a customer makes on purpose (the 360 counts and "contacts per customer" use those that ask).
ASKING_KINDS = ("question", "ticket")


def contact_spec(kind: str) -> tuple[str, str, str] | None:
    """The contact mapping of an event kind, or None when insight ignores it."""
    if kind in CONTACTS:
        return CONTACTS[kind]
    for prefix, spec in PREFIXES.items():
        if kind.startswith(prefix):
            name = "search_click" if kind.endswith("click") or kind.endswith("clicked") else spec[0]
            return (name, spec[1], spec[2])
    return None


# --- context as of the event ------------------------------------------------------------------


def person(user_id: int | None) -> FactPerson | None:
    """The user's organization and staff flag as the log has told them so far (first sight: the account)."""
    if not user_id:
        return None
    row = db.session.get(FactPerson, user_id)
    if row is None:
        user = db.session.get(User, user_id)
        if user is None:
            return None
        row = FactPerson(user_id=user_id, organization_id=user.organization_id, is_staff=_staff_role(user.role))
        db.session.add(row)
    return row


def organization(org_id: int | None) -> FactOrganization | None:
    if not org_id:
        return None
    row = db.session.get(FactOrganization, org_id)
    if row is None:
        org = db.session.get(Organization, org_id)
        row = FactOrganization(
            organization_id=org_id, tier=org.tier if org else "standard", partner_id=org.partner_id if org else None
        )
        db.session.add(row)
    return row


def _staff_role(role: str | None) -> bool:
    try:
        return Role(role) in STAFF_ROLES
    except ValueError:
        return False


def context(user_id: int | None) -> dict:
    """Organization, partner, tier and staff flag of `user_id` now (in the log's time)."""
    who = person(user_id)
    org = organization(who.organization_id if who else None)
    return {
        "organization_id": org.organization_id if org else None,
        "partner_id": org.partner_id if org else None,
        "tier": org.tier if org else "standard",
        "is_staff": bool(who and who.is_staff),
    }


# --- the handler -----------------------------------------------------------------------------------


def handle(event: Event) -> None:
    """Apply one event to the fact tables."""
    payload = event.payload or {}
    updater = UPDATERS.get(event.kind)
    if updater is not None:
        updater(event, payload)
    spec = contact_spec(event.kind)
    if spec is not None:
        _add_contact(event, payload, spec)


def _add_contact(event: Event, payload: dict, spec: tuple[str, str, str]) -> None:
    kind, ref_type, whose = spec
    if kind == "idea_vote" and not payload.get("voted", True):
        return
    if kind == "accept" and not payload.get("answer_id"):
        return
    ref_id = payload.get(f"{ref_type}_id", event.subject_id if event.subject_type == ref_type else None)
    customer = event.actor_id
    staff_authored = False
    space_id = payload.get("space_id")
    if whose == "requester":
        ticket = db.session.get(FactTicket, ref_id) if ref_id else None
        if ticket is None:
            return
        customer, space_id = ticket.requester_id, ticket.space_id
        # A ticket is the customer's contact whoever opened it; staff replies are marked as such.
        staff_authored = kind != "ticket" and event.actor_id != customer and not payload.get("opening")
        if payload.get("internal"):
            return  # internal notes are not contacts with the customer
    if customer is None:
        return
    ctx = context(customer)
    if ctx["is_staff"] and whose == "actor":
        kind = f"staff_{kind}"
    value = payload.get("score") if kind == "rating" else payload.get("value")
    db.session.add(
        FactContact(
            event_id=event.id,
            occurred_at=event.created_at,
            day=event.created_at.date(),
            kind=f"{kind}_reply" if staff_authored else kind,
            user_id=customer,
            organization_id=ctx["organization_id"],
            partner_id=ctx["partner_id"],
            tier=ctx["tier"],
            is_staff=ctx["is_staff"] or staff_authored,
            space_id=space_id,
            ref_type=ref_type,
            ref_id=ref_id,
            value=value if isinstance(value, int) else None,
        )
    )


# --- clocks and state ------------------------------------------------------------------------------


def _user_registered(event: Event, payload: dict) -> None:
    row = db.session.get(FactPerson, event.subject_id)
    if row is None and "organization_id" in payload:
        db.session.add(
            FactPerson(
                user_id=event.subject_id,
                organization_id=payload.get("organization_id"),
                is_staff=_staff_role(payload.get("role")),
            )
        )


def _user_role_changed(event: Event, payload: dict) -> None:
    row = person(event.subject_id)
    if row is not None:
        row.is_staff = _staff_role(payload.get("after"))


def _user_organization_changed(event: Event, payload: dict) -> None:
    row = person(event.subject_id)
    if row is not None:
        row.organization_id = payload.get("organization_id")


def _organization_changed(event: Event, payload: dict) -> None:
    row = organization(event.subject_id)
    if row is not None:
        row.tier = payload.get("tier") or row.tier
        row.partner_id = payload.get("partner_id")


def _organization_merged(event: Event, payload: dict) -> None:
    source, target = payload.get("merged_id"), event.subject_id
    _organization_changed(event, payload)
    if not source:
        return
    for model in (FactPerson, FactContact, FactQuestion, FactTicket, FactIdea, FactIdeaVote):
        db.session.execute(update(model).where(model.organization_id == source).values(organization_id=target))
    db.session.execute(delete(FactOrganization).where(FactOrganization.organization_id == source))


def _question_created(event: Event, payload: dict) -> None:
    ctx = context(event.actor_id)
    db.session.add(
        FactQuestion(
            question_id=event.subject_id,
            asked_at=event.created_at,
            asker_id=event.actor_id,
            organization_id=ctx["organization_id"],
            partner_id=ctx["partner_id"],
            tier=ctx["tier"],
            space_id=payload.get("space_id"),
        )
    )


def _question(payload: dict) -> FactQuestion | None:
    qid = payload.get("question_id")
    return db.session.get(FactQuestion, qid) if qid else None


def _answer_created(event: Event, payload: dict) -> None:
    question = _question(payload)
    if question is None or event.actor_id == question.asker_id:
        return
    if context(event.actor_id)["is_staff"]:
        question.first_staff_at = question.first_staff_at or event.created_at
    else:
        question.first_community_at = question.first_community_at or event.created_at


def _answer_accepted(event: Event, payload: dict) -> None:
    question = _question(payload)
    if question is not None:
        question.accepted_at = (question.accepted_at or event.created_at) if payload.get("answer_id") else None


def _question_deleted(event: Event, payload: dict) -> None:
    question = _question(payload)
    if question is not None:
        question.deleted = event.kind == "question.deleted"


def _resolution_published(event: Event, payload: dict) -> None:
    question = _question(payload)
    if question is not None:
        question.official_at = question.official_at or event.created_at


def _ticket_created(event: Event, payload: dict) -> None:
    from app.tickets.models import Ticket  # the requester is not in old events' payloads

    ticket = db.session.get(Ticket, event.subject_id)
    requester = payload.get("requester_id") or (ticket.requester_id if ticket else None)
    ctx = context(requester)
    question = _question(payload)
    db.session.add(
        FactTicket(
            ticket_id=event.subject_id,
            created_at=event.created_at,
            requester_id=requester,
            organization_id=ctx["organization_id"],
            partner_id=ctx["partner_id"],
            tier=ctx["tier"],
            priority=payload.get("priority") or "normal",
            status=payload.get("status") or "new",
            question_id=payload.get("question_id"),
            space_id=question.space_id if question else None,
            paused_seconds=0,
            reopened=0,
        )
    )


def _ticket(payload: dict) -> FactTicket | None:
    tid = payload.get("ticket_id")
    return db.session.get(FactTicket, tid) if tid else None


def _ticket_message(event: Event, payload: dict) -> None:
    ticket = _ticket(payload)
    if ticket is None or payload.get("internal") or payload.get("opening") or event.actor_id == ticket.requester_id:
        return
    if ticket.first_response_at is None and context(event.actor_id)["is_staff"]:
        ticket.first_response_at = event.created_at
        ticket.first_response_paused = paused_seconds(ticket, event.created_at)


def paused_seconds(ticket: FactTicket, now: datetime) -> int:
    """Seconds the ticket's clocks were stopped up to `now`, with a pause still running."""
    total = ticket.paused_seconds or 0
    if ticket.paused_since is not None:
        total += max(int((now - ticket.paused_since).total_seconds()), 0)
    return total


def _ticket_status(event: Event, payload: dict) -> None:
    ticket = _ticket(payload)
    if ticket is None:
        return
    old, new, now = payload.get("old_status") or ticket.status, payload.get("status"), event.created_at
    if new in PAUSED and ticket.paused_since is None:
        ticket.paused_since = now
    elif new not in PAUSED and ticket.paused_since is not None:
        ticket.paused_seconds = paused_seconds(ticket, now)
        ticket.paused_since = None
    if new in DONE and ticket.solved_at is None:
        ticket.solved_at = now
    elif new not in DONE:
        if old in DONE:
            ticket.reopened = (ticket.reopened or 0) + 1
        ticket.solved_at = None
    ticket.status = new


def _ticket_updated(event: Event, payload: dict) -> None:
    ticket = _ticket(payload)
    if ticket is not None and payload.get("field") == "priority" and payload.get("value"):
        ticket.priority = payload["value"]


def _ticket_rated(event: Event, payload: dict) -> None:
    ticket = _ticket(payload)
    if ticket is not None:
        ticket.csat, ticket.csat_at = payload.get("score"), event.created_at


def _idea_created(event: Event, payload: dict) -> None:
    ctx = context(event.actor_id)
    db.session.add(
        FactIdea(
            idea_id=event.subject_id,
            created_at=event.created_at,
            author_id=event.actor_id,
            organization_id=ctx["organization_id"],
            tier=ctx["tier"],
            board_id=payload.get("board_id"),
            status="open",
        )
    )


def _idea_status(event: Event, payload: dict) -> None:
    idea = db.session.get(FactIdea, event.subject_id)
    if idea is None:
        return
    idea.status = payload.get("status") or idea.status
    idea.closed_at = event.created_at if idea.status in IDEA_CLOSED else None


def _idea_voted(event: Event, payload: dict) -> None:
    key = (event.subject_id, event.actor_id)
    row = db.session.get(FactIdeaVote, key)
    if payload.get("voted", True) and row is None and event.actor_id:
        ctx = context(event.actor_id)
        db.session.add(
            FactIdeaVote(
                idea_id=event.subject_id,
                user_id=event.actor_id,
                organization_id=ctx["organization_id"],
                tier=ctx["tier"],
                voted_at=event.created_at,
            )
        )
    elif not payload.get("voted", True) and row is not None:
        db.session.delete(row)


UPDATERS = {
    "user.registered": _user_registered,
    "user.role_changed": _user_role_changed,
    "user.organization_changed": _user_organization_changed,
    "organization.created": _organization_changed,
    "organization.updated": _organization_changed,
    "organization.merged": _organization_merged,
    "question.created": _question_created,
    "question.deleted": _question_deleted,
    "question.restored": _question_deleted,
    "answer.created": _answer_created,
    "answer.accepted": _answer_accepted,
    "ticket.created": _ticket_created,
    "ticket.message_created": _ticket_message,
    "ticket.status_changed": _ticket_status,
    "ticket.updated": _ticket_updated,
    "ticket.rated": _ticket_rated,
    "ticket.resolution_published": _resolution_published,
    "idea.created": _idea_created,
    "idea.status_changed": _idea_status,
    "idea.voted": _idea_voted,
}

FACT_MODELS = (FactContact, FactQuestion, FactTicket, FactIdea, FactIdeaVote, FactPerson, FactOrganization)


def rebuild(progress=None, batch_size: int = 2000) -> int:
    """Empty the fact tables and replay the whole log into them; return how many events were read."""
    from app.core.events import ConsumerCursor

    for model in FACT_MODELS:
        db.session.execute(delete(model))
    last, read = 0, 0
    while True:
        batch = list(db.session.scalars(select(Event).where(Event.id > last).order_by(Event.id).limit(batch_size)))
        if not batch:
            break
        for event in batch:
            try:
                with db.session.begin_nested():
                    handle(event)
            except Exception:  # noqa: BLE001  (one bad row must not stop a rebuild)
                log.exception("insight rebuild skipped event %s", event.id)
        db.session.flush()
        last, read = batch[-1].id, read + len(batch)
        if progress is not None:
            progress(len(batch))
    cursor = db.session.get(ConsumerCursor, NAME) or ConsumerCursor(name=NAME)
    cursor.last_event_id = last
    db.session.add(cursor)
    db.session.commit()
    return read
