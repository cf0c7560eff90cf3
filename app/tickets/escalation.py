"""Escalating public Q&A threads into tickets, and bringing resolutions back to the thread."""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import literal, null, select, union_all

from app.core import events
from app.core.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationError
from app.core.permissions import Perm, can
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.tickets import qa_bridge
from app.tickets.models import OfficialAnswer, Priority, Ticket
from app.tickets.services import _add_message, audience, check_body, get_visible, is_agent, open_ticket


def _require_signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Unauthorized()


def ticket_for_question(question_id: int) -> Ticket | None:
    return db.session.scalar(select(Ticket).where(Ticket.question_id == question_id))


@transactional
def escalate_question(actor, question_id, *, priority=None, note=None, answer_id=None) -> Ticket:
    """Staff escalate any visible question (or one answer); the asker may request it for their own."""
    _require_signed_in(actor)
    question = qa_bridge.get_question(question_id)
    if question is None or (question.status == "deleted" and not is_agent(actor)):
        raise NotFound(_l("Question not found."))
    staff = is_agent(actor)
    if not staff:
        if question.author_id != actor.id or not can(actor, Perm.POST):
            raise Forbidden(_l("Only support staff or the asker can escalate this question."))
        if question.accepted_answer_id is not None:
            raise Conflict(_l("This question already has an accepted answer."), code="already_solved")
        priority = Priority.NORMAL.value  # customers do not pick their own priority
    if ticket_for_question(question.id) is not None:
        raise Conflict(_l("This question has already been escalated to support."), code="already_escalated")
    if answer_id is not None:
        answer = qa_bridge.get_answer(answer_id)
        if answer is None or answer.question_id != question.id:
            raise ValidationError(fields={"answer_id": _l("Choose an answer of this question.")})
    requester = question.author
    if requester is None:
        raise Conflict(_l("This question has no author to open a ticket for."), code="no_requester")
    if note is not None and not isinstance(note, str):
        raise ValidationError(fields={"note": _l("Must be a string.")})
    ticket = open_ticket(
        actor,
        requester=requester,
        subject=question.title,
        body=_opening_text(question, note, staff),
        priority=priority or Priority.NORMAL.value,
        question_id=question.id,
        answer_id=answer_id,
        source="staff" if staff else "requester",
    )
    if staff and note and note.strip():
        _add_message(ticket, actor, note, internal=True)
    _record_escalated(actor, ticket)
    return ticket


def _opening_text(question, note, staff: bool) -> str:
    """The first message: the question itself, and the asker's own note when they asked."""
    text = question.body or question.title
    if not staff and note and note.strip():
        text = f"{note.strip()}\n\n---\n\n{text}"
    return text


def _record_escalated(actor, ticket: Ticket) -> None:
    # Public: only that the thread went to support and the status, nothing private.
    events.record(
        "question.escalated",
        actor=actor,
        subject_type="question",
        subject_id=ticket.question_id,
        payload={"question_id": ticket.question_id, "status": ticket.status},
    )


@transactional
def auto_escalate(now: datetime | None = None) -> list[Ticket]:
    """Escalate visible questions with no answer after TICKETS_AUTO_ESCALATE_HOURS."""
    hours = current_app.config.get("TICKETS_AUTO_ESCALATE_HOURS") or 0
    if hours <= 0:
        return []
    cutoff = (now or utcnow()) - timedelta(hours=hours)
    escalated = select(Ticket.question_id).where(Ticket.question_id.is_not(None))
    created = []
    for question in qa_bridge.unanswered_before(cutoff, exclude=escalated):
        if question.author is None:
            continue
        ticket = open_ticket(
            None,
            requester=question.author,
            subject=question.title,
            body=question.body or question.title,
            question_id=question.id,
            source="auto",
        )
        _record_escalated(None, ticket)
        created.append(ticket)
    return created


def escalation_badge_for(question_id) -> dict | None:
    """What the public thread shows: {"status": ...} when it was escalated, else None."""
    if not question_id:
        return None
    status = db.session.scalar(select(Ticket.status).where(Ticket.question_id == question_id))
    return None if status is None else {"status": status}


def thread_support_context(question_id) -> dict:
    """The badge and the official answer ids of a question page, in one query."""
    rows = db.session.execute(
        union_all(
            select(literal("badge"), Ticket.status, null()).where(Ticket.question_id == question_id),
            select(literal("official"), null(), OfficialAnswer.answer_id).where(
                OfficialAnswer.question_id == question_id
            ),
        )
    ).all()
    badge = next(({"status": status} for kind, status, _a in rows if kind == "badge"), None)
    return {"escalation_badge": badge, "official_answer_ids": {a for kind, _s, a in rows if kind == "official"}}


def is_official(answer_id) -> bool:
    return db.session.get(OfficialAnswer, answer_id) is not None


def official_answer_ids(question_id) -> set[int]:
    rows = db.session.scalars(select(OfficialAnswer.answer_id).where(OfficialAnswer.question_id == question_id))
    return set(rows)


@transactional
def publish_resolution(actor, ticket_id, body) -> object:
    """Post the resolution to the linked question as an official answer (agents only)."""
    ticket = get_visible(actor, ticket_id)
    if not is_agent(actor):
        raise Forbidden(_l("Only support staff can publish a resolution."))
    if not ticket.question_id:
        raise Conflict(_l("This ticket is not linked to a public question."), code="no_question")
    body = check_body(body)
    answer = qa_bridge.post_answer(actor, ticket.question_id, body)
    db.session.add(
        OfficialAnswer(
            answer_id=answer.id, question_id=ticket.question_id, ticket_id=ticket.id, published_by_id=actor.id
        )
    )
    events.record(
        "ticket.resolution_published",
        actor=actor,
        subject_type="ticket",
        subject_id=ticket.id,
        audience=audience(ticket.id),
        payload={"ticket_id": ticket.id, "question_id": ticket.question_id, "answer_id": answer.id},
    )
    return answer


@transactional
def move_post_into_ticket(actor, ticket_id, post_type: str, post_id) -> None:
    """Copy a public post into the ticket as a message and leave a placeholder in public."""
    ticket = get_visible(actor, ticket_id)
    if not can(actor, Perm.MODERATE):
        raise Forbidden(_l("Only moderators can move posts."))
    post = qa_bridge.get_post(post_type, post_id)
    if post is None:
        raise NotFound(_l("Post not found."))
    question_id = post.id if post_type == "question" else post.question_id
    if ticket.question_id and question_id != ticket.question_id:
        raise ValidationError(fields={"post_id": _l("Choose a post of the escalated question.")})
    placeholder = str(_l("Moved to a private support ticket by a moderator."))
    author = getattr(post, "author", None)
    _add_message(ticket, actor, _moved_text(post, author), internal=False)
    qa_bridge.replace_body_as_moderator(actor, post_type, post.id, f"*{placeholder}*")


def _moved_text(post, author) -> str:
    who = author.display_name if author else "—"
    header = str(_l("Moved from the public thread (posted by %(name)s):", name=who))
    return f"{header}\n\n{post.body}"
