"""Boards, ideas, comments and votes: the business rules (statuses and merges are in workflow.py)."""

import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from app.auth.models import Organization, User
from app.core import events, settings
from app.core.errors import Conflict, Forbidden, NotFound, ValidationError
from app.core.permissions import Perm, can, require
from app.core.sanitize import clean_plain_text, excerpt, plain_text_from_markdown, render_markdown
from app.core.text import display_width
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.ideas import following
from app.ideas.boards import create_board, get_board, list_boards  # noqa: F401  (part of this module's API)
from app.ideas.models import CLOSED_STATUSES, ROADMAP_STATUSES, Board, Idea, IdeaComment, IdeaStatus, IdeaVote

TITLE_MIN, TITLE_MAX = 4, 200
BODY_MAX = 20_000
COMMENT_MAX = 5_000
SORTS = ("top", "weighted", "newest", "trending")
# Control characters (NUL included: PostgreSQL refuses it) never belong in stored text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TRENDING_DAYS = 7


# --- ideas ----------------------------------------------------------------------------


def can_view(user, idea: Idea | None) -> bool:
    """Boards are public: anyone, signed in or not, may see an idea (merged ones show where they went).

    The one rule for the idea page, the API, follows, notifications and the idea's live room.
    """
    return idea is not None


def find_idea(idea_id) -> Idea | None:
    """The idea with id `idea_id`, or None for a missing or malformed id."""
    try:
        return db.session.get(Idea, int(idea_id))
    except (TypeError, ValueError):
        return None


def get_idea(idea_id, user=None) -> Idea:
    """The idea `user` may see, or NotFound (the same answer for one that does not exist)."""
    idea = find_idea(idea_id)
    if idea is None or not can_view(user, idea):
        raise NotFound(_l("There is no such idea."))
    return idea


def _check_title(value) -> str:
    title = clean_plain_text(value if isinstance(value, str) else "")
    if display_width(title) < TITLE_MIN:  # a CJK character counts as two: 網格 is a title
        raise ValidationError(fields={"title": _l("Use at least %(n)s characters.", n=TITLE_MIN)})
    if len(title) > TITLE_MAX:
        raise ValidationError(fields={"title": _l("Use at most %(n)s characters.", n=TITLE_MAX)})
    return title


def _check_body(value, field="body", maximum=BODY_MAX, required=False) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationError(fields={field: _l("Must be a string.")})
    body = _CONTROL.sub("", value or "").strip()
    if required and not body:
        raise ValidationError(fields={field: _l("This field is required.")})
    if len(body) > maximum:
        raise ValidationError(fields={field: _l("Use at most %(n)s characters.", n=maximum)})
    return body


def idea_payload(idea: Idea, **extra) -> dict:
    return {"idea_id": idea.id, "board_id": idea.board_id, **extra}


@transactional
def create_idea(actor, board: Board, *, title, body="") -> Idea:
    """Submit a new idea; the author follows it."""
    require(actor, Perm.POST)
    title, body = _check_title(title), _check_body(body)
    idea = Idea(board_id=board.id, author_id=actor.id, title=title, body=body, body_html=render_markdown(body))
    db.session.add(idea)
    db.session.flush()
    events.record(
        "idea.created",
        actor=actor,
        subject_type="idea",
        subject_id=idea.id,
        payload=idea_payload(idea, title=idea.title, excerpt=excerpt(plain_text_from_markdown(body), 200)),
    )
    following.follow(actor, idea.id)
    return idea


def can_edit(user, idea: Idea) -> bool:
    if can(user, Perm.MANAGE_IDEAS):
        return True
    return can(user, Perm.POST) and idea.author_id == user.id and idea.status != IdeaStatus.DUPLICATE


@transactional
def edit_idea(actor, idea: Idea, *, title, body="") -> Idea:
    """Change an idea's title and body (its author or the product team)."""
    require(actor, Perm.POST)
    if not can_edit(actor, idea):
        raise Forbidden(_l("You can only edit your own ideas."))
    idea.title, idea.body = _check_title(title), _check_body(body)
    idea.body_html = render_markdown(idea.body)
    idea.edited_at = utcnow()
    events.record(
        "idea.edited",
        actor=actor,
        subject_type="idea",
        subject_id=idea.id,
        payload=idea_payload(idea, title=idea.title),
    )
    return idea


def _check_sort(sort) -> str:
    sort = sort or "top"
    if sort not in SORTS:
        raise ValidationError(fields={"sort": _l("Use one of: %(choices)s.", choices=", ".join(SORTS))})
    return sort


def check_status(status, field="status") -> str | None:
    if status in (None, ""):
        return None
    if status not in {s.value for s in IdeaStatus}:
        choices = ", ".join(s.value for s in IdeaStatus)
        raise ValidationError(fields={field: _l("Unknown status. Use one of: %(choices)s.", choices=choices)})
    return status


def ideas_query(*, board: Board | None = None, status=None, sort="top"):
    """The select() behind board lists and the API (duplicates only when asked for)."""
    sort, status = _check_sort(sort), check_status(status)
    stmt = select(Idea).options(selectinload(Idea.author), selectinload(Idea.board))
    if board is not None:
        stmt = stmt.where(Idea.board_id == board.id)
    stmt = stmt.where(Idea.status == status) if status else stmt.where(Idea.status != IdeaStatus.DUPLICATE)
    if sort == "top":
        return stmt.order_by(Idea.vote_count.desc(), Idea.id.desc())
    if sort == "weighted":
        return stmt.order_by(Idea.weighted_demand.desc(), Idea.vote_count.desc(), Idea.id.desc())
    if sort == "newest":
        return stmt.order_by(Idea.created_at.desc(), Idea.id.desc())
    since = utcnow() - _trending_window()
    recent = (
        select(IdeaVote.idea_id, func.count(IdeaVote.id).label("recent"))
        .where(IdeaVote.created_at >= since)
        .group_by(IdeaVote.idea_id)
        .subquery()
    )
    stmt = stmt.outerjoin(recent, recent.c.idea_id == Idea.id)
    return stmt.order_by(func.coalesce(recent.c.recent, 0).desc(), Idea.vote_count.desc(), Idea.id.desc())


def _trending_window():
    return timedelta(days=TRENDING_DAYS)


def list_ideas(*, board=None, status=None, sort="top", page=1, per_page=20):
    return db.paginate(
        ideas_query(board=board, status=status, sort=sort), page=page, per_page=per_page, error_out=False
    )


def roadmap(board: Board) -> dict[str, list[Idea]]:
    """Planned, in-progress and completed ideas of a board, most wanted first."""
    columns = {s.value: [] for s in ROADMAP_STATUSES}
    stmt = (
        select(Idea)
        .where(Idea.board_id == board.id, Idea.status.in_(list(columns)))
        .order_by(Idea.weighted_demand.desc(), Idea.vote_count.desc(), Idea.id)
    )
    for idea in db.session.scalars(stmt):
        columns[idea.status].append(idea)
    return columns


# --- comments -------------------------------------------------------------------------


@transactional
def add_comment(actor, idea: Idea, body) -> IdeaComment:
    """Comment on an idea."""
    require(actor, Perm.POST)
    if idea.status == IdeaStatus.DUPLICATE:
        raise Conflict(_l("This idea was merged into another one; comment there."), code="idea_merged")
    body = _check_body(body, maximum=COMMENT_MAX, required=True)
    comment = IdeaComment(idea_id=idea.id, author_id=actor.id, body=body, body_html=render_markdown(body))
    db.session.add(comment)
    idea.comment_count = (idea.comment_count or 0) + 1
    db.session.flush()
    events.record(
        "idea.commented",
        actor=actor,
        subject_type="idea",
        subject_id=idea.id,
        payload=idea_payload(idea, comment_id=comment.id, excerpt=excerpt(plain_text_from_markdown(body), 200)),
    )
    return comment


def comments_of(idea: Idea) -> list[IdeaComment]:
    stmt = (
        select(IdeaComment)
        .where(IdeaComment.idea_id == idea.id)
        .options(selectinload(IdeaComment.author))
        .order_by(IdeaComment.id)
    )
    return list(db.session.scalars(stmt))


# --- votes and demand -----------------------------------------------------------------


def tier_weights() -> dict[str, int]:
    """The tier weights an admin stored (insight settings), else the config's."""
    return dict(settings.get("TIER_WEIGHTS"))


def weighted_demand(idea_ids: list[int]) -> dict[int, int]:
    """Each idea's demand: one unit per organization (by tier weight), one standard unit per loner."""
    weights = tier_weights()
    standard = int(weights.get("standard", 1))
    rows = db.session.execute(
        select(IdeaVote.idea_id, IdeaVote.user_id, User.organization_id, Organization.tier)
        .join(User, User.id == IdeaVote.user_id)
        .outerjoin(Organization, Organization.id == User.organization_id)
        .where(IdeaVote.idea_id.in_(idea_ids))
    )
    units: dict[int, dict[tuple, int]] = {i: {} for i in idea_ids}
    for idea_id, user_id, org_id, tier in rows:
        key = ("org", org_id) if org_id else ("user", user_id)
        units[idea_id][key] = int(weights.get(tier, standard)) if org_id else standard
    return {idea_id: sum(u.values()) for idea_id, u in units.items()}


def refresh_demand(idea: Idea) -> None:
    """Recount raw and weighted demand of one idea (inside the caller's transaction)."""
    db.session.flush()
    idea.vote_count = db.session.scalar(select(func.count(IdeaVote.id)).where(IdeaVote.idea_id == idea.id)) or 0
    idea.weighted_demand = weighted_demand([idea.id])[idea.id]


def lock_idea(idea_id: int) -> Idea:
    """Reload an idea with its row locked (PostgreSQL) so demand counts stay exact."""
    stmt = select(Idea).where(Idea.id == idea_id).with_for_update().execution_options(populate_existing=True)
    idea = db.session.scalars(stmt).first()
    if idea is None:
        raise NotFound(_l("There is no such idea."))
    return idea


def has_voted(user, idea: Idea) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    stmt = select(IdeaVote.id).where(IdeaVote.idea_id == idea.id, IdeaVote.user_id == user.id)
    return db.session.scalar(stmt) is not None


def voted_idea_ids(user, idea_ids: list[int]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not idea_ids:
        return set()
    stmt = select(IdeaVote.idea_id).where(IdeaVote.user_id == user.id, IdeaVote.idea_id.in_(idea_ids))
    return set(db.session.scalars(stmt))


def votes_used(user, board: Board) -> int:
    """Votes of `user` on ideas of `board` that still count against its budget (open ideas)."""
    stmt = (
        select(func.count(IdeaVote.id))
        .join(Idea, Idea.id == IdeaVote.idea_id)
        .where(
            and_(IdeaVote.user_id == user.id, Idea.board_id == board.id),
            Idea.status.not_in([s.value for s in CLOSED_STATUSES]),
        )
    )
    return db.session.scalar(stmt) or 0


def votes_left(user, board: Board) -> int | None:
    if board.vote_budget is None or not getattr(user, "is_authenticated", False):
        return None
    return max(board.vote_budget - votes_used(user, board), 0)


def _insert_vote(idea_id: int, user_id: int, **values) -> int | None:
    """Insert one vote unless it exists (a database constraint decides); the new vote's id or None."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(IdeaVote)
        .values(idea_id=idea_id, user_id=user_id, created_at=values.pop("created_at", None) or utcnow(), **values)
        .on_conflict_do_nothing(index_elements=["idea_id", "user_id"])
        .returning(IdeaVote.id)
    )
    return db.session.execute(stmt).scalar()


@transactional
def set_vote(actor, idea: Idea, voted: bool) -> Idea:
    """Vote for an idea (voted=True) or take the vote back; repeating a request changes nothing."""
    require(actor, Perm.POST)
    if voted:
        # Lock the voter first (then the idea) so a vote budget cannot be overspent concurrently.
        db.session.execute(select(User.id).where(User.id == actor.id).with_for_update())
    idea = lock_idea(idea.id)
    if idea.status == IdeaStatus.DUPLICATE:
        target = idea.merged_into_id
        raise Conflict(_l("This idea was merged into idea #%(id)s; vote there.", id=target), code="idea_merged")
    if idea.is_closed:
        raise Conflict(_l("Voting has ended: this idea is closed."), code="idea_closed")
    if voted:
        changed = _add_vote(actor, idea)
    else:
        changed = _remove_vote(actor, idea)
    if changed:
        refresh_demand(idea)
        events.record(
            "idea.voted",
            actor=actor,
            subject_type="idea",
            subject_id=idea.id,
            payload=idea_payload(idea, votes=idea.vote_count, weighted=idea.weighted_demand, voted=voted),
        )
    return idea


def _add_vote(actor, idea: Idea) -> bool:
    if has_voted(actor, idea):
        return False
    # Insert first, then count: on SQLite the insert takes the write lock, so a concurrent vote
    # of the same person waits and then sees this one (PostgreSQL serializes on the user row).
    if _insert_vote(idea.id, actor.id) is None:
        return False
    board = db.session.get(Board, idea.board_id)
    if board.vote_budget is not None and votes_used(actor, board) > board.vote_budget:
        raise Conflict(
            _l(
                "You have used all %(n)s votes on this board. Votes come back when ideas are completed or declined.",
                n=board.vote_budget,
            ),
            code="vote_budget_exhausted",
        )
    following.follow(actor, idea.id)
    return True


def _remove_vote(actor, idea: Idea) -> bool:
    vote = db.session.scalars(select(IdeaVote).where(IdeaVote.idea_id == idea.id, IdeaVote.user_id == actor.id)).first()
    if vote is None:
        return False
    db.session.delete(vote)
    return True
