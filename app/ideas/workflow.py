"""The product team's side: statuses with official responses, merges (and undo), links to questions."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core import events
from app.core.errors import Conflict, NotFound, ValidationError
from app.core.permissions import Perm, can, require
from app.core.sanitize import excerpt, plain_text_from_markdown, render_markdown
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.ideas import following
from app.ideas.models import Idea, IdeaLink, IdeaMerge, IdeaStatus, IdeaStatusChange, IdeaVote
from app.ideas.services import _check_body, _insert_vote, check_status, idea_payload, lock_idea, refresh_demand
from app.qa.models import Question
from app.tickets.models import Ticket

RESPONSE_MAX = 10_000


# --- statuses -------------------------------------------------------------------------


@transactional
def change_status(actor, idea: Idea, status, response="") -> IdeaStatusChange:
    """Move an idea to a new status, optionally with an official response (product team only)."""
    require(actor, Perm.MANAGE_IDEAS)
    status = check_status(status)
    if status is None:
        raise ValidationError(fields={"status": _l("This field is required.")})
    if status == IdeaStatus.DUPLICATE:
        raise ValidationError(fields={"status": _l("Merge the idea into its original to mark it a duplicate.")})
    response = _check_body(response, field="response", maximum=RESPONSE_MAX)
    idea = lock_idea(idea.id)
    if idea.status == IdeaStatus.DUPLICATE:
        raise Conflict(_l("This idea is merged into another one; undo the merge first."), code="idea_merged")
    if status == idea.status and not response:
        raise ValidationError(
            fields={"status": _l("The idea already has this status; add a response or pick another.")}
        )
    change = IdeaStatusChange(
        idea_id=idea.id,
        actor_id=actor.id,
        from_status=idea.status,
        to_status=status,
        response=response,
        response_html=render_markdown(response),
    )
    previous, idea.status, idea.status_changed_at = idea.status, status, utcnow()
    db.session.add(change)
    db.session.flush()
    events.record(
        "idea.status_changed",
        actor=actor,
        subject_type="idea",
        subject_id=idea.id,
        payload=idea_payload(
            idea,
            status=status,
            previous_status=previous,
            status_change_id=change.id,
            title=idea.title,
            response_excerpt=excerpt(plain_text_from_markdown(response), 280),
        ),
    )
    return change


def history(idea: Idea) -> list[IdeaStatusChange]:
    stmt = (
        select(IdeaStatusChange)
        .where(IdeaStatusChange.idea_id == idea.id)
        .options(selectinload(IdeaStatusChange.actor))
        .order_by(IdeaStatusChange.id)
    )
    return list(db.session.scalars(stmt))


def latest_response(changes: list[IdeaStatusChange]) -> IdeaStatusChange | None:
    return next((c for c in reversed(changes) if c.response), None)


# --- merges ---------------------------------------------------------------------------


@transactional
def merge(actor, source: Idea, target_id) -> IdeaMerge:
    """Merge duplicate `source` into the idea `target_id`: voters and followers move, counted once."""
    require(actor, Perm.MANAGE_IDEAS)
    target = _merge_target(source, target_id)
    first, second = sorted([source.id, target.id])
    locked = {first: lock_idea(first), second: lock_idea(second)}
    source, target = locked[source.id], locked[target.id]
    if source.status == IdeaStatus.DUPLICATE:
        raise Conflict(_l("This idea is already merged into another one."), code="idea_merged")
    if target.status == IdeaStatus.DUPLICATE:
        raise ValidationError(fields={"into": _l("That idea is itself a duplicate; merge into its original.")})
    moved = {"source_votes": [], "target_votes": [], "followers": []}
    target_voters = set(db.session.scalars(select(IdeaVote.user_id).where(IdeaVote.idea_id == target.id)))
    for vote in db.session.scalars(select(IdeaVote).where(IdeaVote.idea_id == source.id).order_by(IdeaVote.id)):
        moved["source_votes"].append(
            {"id": vote.id, "user_id": vote.user_id, "created_at": vote.created_at.isoformat()}
        )
        if vote.user_id not in target_voters:
            new_id = _insert_vote(target.id, vote.user_id, created_at=vote.created_at)
            target_voters.add(vote.user_id)
            moved["target_votes"].append({"id": new_id, "user_id": vote.user_id})
    db.session.execute(delete(IdeaVote).where(IdeaVote.idea_id == source.id))
    moved["followers"] = _move_followers(source, target)
    record = IdeaMerge(
        source_id=source.id, target_id=target.id, actor_id=actor.id, previous_status=source.status, moved=moved
    )
    source.status, source.merged_into_id, source.status_changed_at = IdeaStatus.DUPLICATE.value, target.id, utcnow()
    db.session.add(record)
    refresh_demand(source)
    refresh_demand(target)
    events.record(
        "idea.merged",
        actor=actor,
        subject_type="idea",
        subject_id=source.id,
        payload=idea_payload(source, into_id=target.id, into_board_id=target.board_id, merge_id=record.id),
    )
    return record


def _merge_target(source: Idea, target_id) -> Idea:
    try:
        target_id = int(target_id)
    except (TypeError, ValueError):
        raise ValidationError(fields={"into": _l("Give the number of the idea to merge into.")}) from None
    if target_id == source.id:
        raise ValidationError(fields={"into": _l("An idea cannot be merged into itself.")})
    target = db.session.get(Idea, target_id)
    if target is None:
        raise ValidationError(fields={"into": _l("There is no idea #%(id)s.", id=target_id)})
    return target


def _move_followers(source: Idea, target: Idea) -> list[int]:
    new = sorted(following.follower_ids(source.id) - following.follower_ids(target.id))
    for user in db.session.scalars(select(User).where(User.id.in_(new))):
        following.follow(user, target.id)
    return new


@transactional
def undo_merge(actor, merge_record: IdeaMerge) -> IdeaMerge:
    """Undo a merge: the duplicate gets back its status, votes and the original loses what it gained."""
    require(actor, Perm.MANAGE_IDEAS)
    if merge_record.undone_at is not None:
        raise Conflict(_l("This merge was already undone."), code="merge_undone")
    first, second = sorted([merge_record.source_id, merge_record.target_id])
    locked = {first: lock_idea(first), second: lock_idea(second)}
    source, target = locked[merge_record.source_id], locked[merge_record.target_id]
    if source.merged_into_id != target.id or source.status != IdeaStatus.DUPLICATE:
        raise Conflict(_l("The idea has changed since this merge; it cannot be undone."), code="merge_stale")
    moved = merge_record.moved or {}
    added_ids = [v["id"] for v in moved.get("target_votes", []) if v.get("id")]
    if added_ids:
        db.session.execute(delete(IdeaVote).where(IdeaVote.id.in_(added_ids), IdeaVote.idea_id == target.id))
    for vote in moved.get("source_votes", []):
        restored = IdeaVote(id=vote["id"], idea_id=source.id, user_id=vote["user_id"])
        restored.created_at = _parse_time(vote["created_at"])
        db.session.add(restored)
    for user in db.session.scalars(select(User).where(User.id.in_(moved.get("followers", [])))):
        following.unfollow(user, target.id)
    source.status, source.merged_into_id = merge_record.previous_status, None
    source.status_changed_at = utcnow()
    merge_record.undone_at = utcnow()
    refresh_demand(source)
    refresh_demand(target)
    events.record(
        "idea.unmerged",
        actor=actor,
        subject_type="idea",
        subject_id=source.id,
        payload=idea_payload(source, into_id=target.id, merge_id=merge_record.id, status=source.status),
    )
    return merge_record


def _parse_time(value: str):
    from datetime import datetime

    return datetime.fromisoformat(value)


def get_merge(merge_id) -> IdeaMerge:
    try:
        record = db.session.get(IdeaMerge, int(merge_id))
    except (TypeError, ValueError):
        record = None
    if record is None:
        raise NotFound(_l("There is no such merge."))
    return record


def merges_of(idea: Idea) -> list[IdeaMerge]:
    stmt = (
        select(IdeaMerge)
        .where(or_(IdeaMerge.source_id == idea.id, IdeaMerge.target_id == idea.id))
        .options(selectinload(IdeaMerge.source), selectinload(IdeaMerge.target))
        .order_by(IdeaMerge.id)
    )
    return list(db.session.scalars(stmt))


def active_merge(idea: Idea) -> IdeaMerge | None:
    """The merge that made `idea` a duplicate, if it still stands."""
    stmt = select(IdeaMerge).where(IdeaMerge.source_id == idea.id, IdeaMerge.undone_at.is_(None))
    return db.session.scalars(stmt.order_by(IdeaMerge.id.desc())).first()


# --- links to questions ---------------------------------------------------------------


def can_link(user) -> bool:
    return can(user, Perm.MANAGE_IDEAS) or can(user, Perm.MODERATE)


def can_link_ticket(user) -> bool:
    return can(user, Perm.MANAGE_IDEAS) or can(user, Perm.WORK_TICKETS)


def link_question(actor, idea: Idea, question_id) -> IdeaLink:
    """Link an idea to the question that asked for it (product team and moderators)."""
    if not can_link(actor):
        require(actor, Perm.MANAGE_IDEAS)
    return _link(actor, idea, "question_id", question_id, Question, events.PUBLIC)


def link_ticket(actor, idea: Idea, ticket_id) -> IdeaLink:
    """Link an idea to the support ticket that asked for it (staff; the link stays private to staff)."""
    if not can_link_ticket(actor):
        require(actor, Perm.MANAGE_IDEAS)
    return _link(actor, idea, "ticket_id", ticket_id, Ticket, events.STAFF)


_LINK_MESSAGES = {
    "question_id": (
        _l("Give the number of a question."),
        _l("There is no question #%(id)s."),
        _l("This question is already linked."),
    ),
    "ticket_id": (
        _l("Give the number of a ticket."),
        _l("There is no ticket #%(id)s."),
        _l("This ticket is already linked."),
    ),
}


@transactional
def _link(actor, idea: Idea, field: str, target_id, model, audience: str) -> IdeaLink:
    not_a_number, missing, duplicate = _LINK_MESSAGES[field]
    try:
        target_id = int(target_id)
    except (TypeError, ValueError):
        raise ValidationError(fields={field: not_a_number}) from None
    if db.session.get(model, target_id) is None:
        raise ValidationError(fields={field: missing % {"id": target_id}})
    column = getattr(IdeaLink, field)
    if db.session.scalar(select(IdeaLink.id).where(IdeaLink.idea_id == idea.id, column == target_id)):
        raise Conflict(duplicate, fields={field: _l("Already linked.")})
    link = IdeaLink(idea_id=idea.id, created_by_id=actor.id, **{field: target_id})
    db.session.add(link)
    db.session.flush()
    payload = idea_payload(idea, link_id=link.id, **{field: target_id})
    events.record(
        "idea.linked", actor=actor, subject_type="idea", subject_id=idea.id, audience=audience, payload=payload
    )
    return link


@transactional
def unlink(actor, idea: Idea, link_id) -> None:
    if not (can_link(actor) or can_link_ticket(actor)):
        require(actor, Perm.MANAGE_IDEAS)
    link = db.session.get(IdeaLink, int(link_id)) if str(link_id).isdigit() else None
    if link is None or link.idea_id != idea.id:
        raise NotFound(_l("There is no such link."))
    db.session.delete(link)
    events.record(
        "idea.unlinked",
        actor=actor,
        subject_type="idea",
        subject_id=idea.id,
        audience=events.STAFF if link.ticket_id else events.PUBLIC,
        payload=idea_payload(idea, link_id=link.id),
    )


def linked_tickets(idea: Idea) -> list[IdeaLink]:
    stmt = select(IdeaLink).where(IdeaLink.idea_id == idea.id, IdeaLink.ticket_id.is_not(None))
    return list(db.session.scalars(stmt.order_by(IdeaLink.id)))


def ideas_for_question(question_id: int) -> list[Idea]:
    """Ideas linked to a question (for the Q&A page: "this question asked for these ideas")."""
    ids = select(IdeaLink.idea_id).where(IdeaLink.question_id == question_id)
    return list(db.session.scalars(select(Idea).where(Idea.id.in_(ids)).order_by(Idea.id)))


def linked_questions(idea: Idea) -> list[tuple[IdeaLink, object]]:
    """(link, question) pairs; the question is None when it is gone."""
    links = db.session.scalars(
        select(IdeaLink).where(IdeaLink.idea_id == idea.id, IdeaLink.question_id.is_not(None)).order_by(IdeaLink.id)
    )
    return [(link, db.session.get(Question, link.question_id)) for link in links]


# --- who hears about a status change --------------------------------------------------


def status_change_recipients(event) -> list[tuple[int, str]]:
    """Voters, followers and authors of linked questions of the idea whose status changed."""
    idea_id = (event.payload or {}).get("idea_id")
    if not idea_id:
        return []
    seen, result = set(), []

    def add(user_ids, reason):
        for user_id in user_ids:
            if user_id and user_id not in seen:
                seen.add(user_id)
                result.append((user_id, reason))

    add(db.session.scalars(select(IdeaVote.user_id).where(IdeaVote.idea_id == idea_id)), "voter")
    add(sorted(following.follower_ids(idea_id)), "follower")
    add(_linked_question_authors(idea_id), "linked_question")
    add(_linked_ticket_requesters(idea_id), "linked_ticket")
    return result


def _linked_question_authors(idea_id: int) -> list[int]:
    ids = select(IdeaLink.question_id).where(IdeaLink.idea_id == idea_id, IdeaLink.question_id.is_not(None))
    return list(db.session.scalars(select(Question.author_id).where(Question.id.in_(ids))))


def _linked_ticket_requesters(idea_id: int) -> list[int]:
    ids = select(IdeaLink.ticket_id).where(IdeaLink.idea_id == idea_id, IdeaLink.ticket_id.is_not(None))
    return list(db.session.scalars(select(Ticket.requester_id).where(Ticket.id.in_(ids))))
