"""Reputation (a ledger of changes) and the trust levels derived from it."""

from datetime import datetime, time, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.core.errors import RateLimited, ValidationError
from app.core.permissions import is_staff
from app.core.timeutil import utcnow
from app.extensions import db
from app.qa.models import HELD, VISIBLE, Answer, Comment, Question, ReputationChange
from app.qa.text import count_links

VOTE_UP = {"question": 5, "answer": 10}
VOTE_DOWN = -2
ACCEPTED = 15
DAILY_VOTE_CAP = 200
# Reputation needed for each trust level (level 0 is a new account).
TRUST_LEVELS = ((3, 1000), (2, 100), (1, 10))
STAFF_LEVEL = 4


def reputation(user_id: int) -> int:
    """A user's total reputation (never below 1, as on Stack Overflow)."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(ReputationChange.amount), 0)).where(ReputationChange.user_id == user_id)
    )
    return max(1, int(total or 0) + 1)


def reputations(user_ids) -> dict[int, int]:
    """Reputation of many users in one query."""
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    rows = db.session.execute(
        select(ReputationChange.user_id, func.sum(ReputationChange.amount))
        .where(ReputationChange.user_id.in_(ids))
        .group_by(ReputationChange.user_id)
    )
    found = {uid: max(1, int(total) + 1) for uid, total in rows}
    return {uid: found.get(uid, 1) for uid in ids}


def trust_level(user) -> int:
    """0 new, 1 basic, 2 member, 3 trusted; staff are above every gate."""
    if is_staff(user):
        return STAFF_LEVEL
    rep = reputation(user.id)
    for level, needed in TRUST_LEVELS:
        if rep >= needed:
            return level
    return 0


def _day_start() -> datetime:
    now = utcnow()
    return datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)


def set_vote_reputation(voter_id: int, owner_id: int | None, post_type: str, post_id: int, value: int) -> None:
    """Replace what `voter`'s vote on a post gave its owner; upvote gains are capped per day."""
    if owner_id is None:
        return
    db.session.execute(
        delete(ReputationChange).where(
            ReputationChange.reason == "vote",
            ReputationChange.source_user_id == voter_id,
            ReputationChange.post_type == post_type,
            ReputationChange.post_id == post_id,
        )
    )
    if value == 0:
        return
    amount = VOTE_UP[post_type] if value > 0 else VOTE_DOWN
    if amount > 0:
        earned = db.session.scalar(
            select(func.coalesce(func.sum(ReputationChange.amount), 0)).where(
                ReputationChange.user_id == owner_id,
                ReputationChange.reason == "vote",
                ReputationChange.amount > 0,
                ReputationChange.created_at >= _day_start(),
            )
        )
        amount = min(amount, max(0, DAILY_VOTE_CAP - int(earned or 0)))
        if amount == 0:
            return
    db.session.add(
        ReputationChange(
            user_id=owner_id,
            amount=amount,
            reason="vote",
            post_type=post_type,
            post_id=post_id,
            source_user_id=voter_id,
        )
    )


def set_accept_reputation(answer: Answer, accepted: bool, actor_id: int) -> None:
    """Give (or take back) the accepted-answer bonus; none for accepting your own answer."""
    db.session.execute(
        delete(ReputationChange).where(
            ReputationChange.reason == "accepted",
            ReputationChange.post_type == "answer",
            ReputationChange.post_id == answer.id,
        )
    )
    if accepted and answer.author_id and answer.author_id != actor_id:
        db.session.add(
            ReputationChange(
                user_id=answer.author_id,
                amount=ACCEPTED,
                reason="accepted",
                post_type="answer",
                post_id=answer.id,
                source_user_id=actor_id,
            )
        )


# --- gates for new accounts --------------------------------------------------------------


def check_new_user_limits(user, html: str, field: str = "body") -> int:
    """Apply trust-level gates before a post; return the author's trust level."""
    level = trust_level(user)
    if level > 0:
        return level
    max_links = current_app.config["QA_NEW_USER_MAX_LINKS"]
    if count_links(html) > max_links:
        raise ValidationError(
            fields={field: _l("New members can post at most %(n)s links per post.", n=max_links)}, code="too_many_links"
        )
    per_hour = current_app.config["QA_NEW_USER_POSTS_PER_HOUR"]
    if _posts_since(user.id, utcnow() - timedelta(hours=1)) >= per_hour:
        raise RateLimited(_l("New members can post %(n)s times per hour. Please try again later.", n=per_hour))
    return level


def _posts_since(user_id: int, since: datetime) -> int:
    total = 0
    for model in (Question, Answer, Comment):
        total += db.session.scalar(
            select(func.count(model.id)).where(model.author_id == user_id, model.created_at >= since)
        )
    return total


def should_hold(user, level: int) -> bool:
    """Hold a new member's first posts for review when QA_HOLD_FIRST_POSTS is set."""
    first = current_app.config["QA_HOLD_FIRST_POSTS"]
    if not first or level > 0:
        return False
    approved = 0
    for model in (Question, Answer):
        approved += db.session.scalar(
            select(func.count(model.id)).where(model.author_id == user.id, model.status == VISIBLE)
        )
    return approved < first


__all__ = ["HELD", "reputation", "reputations", "trust_level", "check_new_user_limits", "should_hold"]
