"""The review queue, loaded in a fixed number of queries whatever its length."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.permissions import Perm, require
from app.core.timeutil import utcnow
from app.extensions import db
from app.moderation.models import Flag, ModerationAction, Restriction
from app.qa import models as qa_models


@dataclass
class QueueItem:
    post: object
    open_flags: list = field(default_factory=list)
    earlier_flags: list = field(default_factory=list)
    history: dict = field(default_factory=dict)

    @property
    def since(self):
        return min([f.created_at for f in self.open_flags] or [self.post.created_at])

    @property
    def key(self) -> str:
        return f"{self.post.post_type}-{self.post.id}"


def review_queue(actor, limit: int = 50) -> list[QueueItem]:
    """Posts with open flags and held posts (not hidden on purpose by a moderator), oldest first."""
    require(actor, Perm.MODERATE)
    open_flags = db.session.scalars(
        select(Flag).options(selectinload(Flag.user)).where(Flag.status == "open").order_by(Flag.created_at)
    ).all()
    held = _held_keys(limit)
    wanted = {(f.post_type, f.post_id) for f in open_flags} | held
    loaded = _load_posts(wanted)
    items: dict[tuple[str, int], QueueItem] = {}
    for flag in open_flags:
        key = (flag.post_type, flag.post_id)
        if key in loaded:
            items.setdefault(key, QueueItem(loaded[key])).open_flags.append(flag)
    for key in held:
        if key in loaded:
            items.setdefault(key, QueueItem(loaded[key]))
    ordered = sorted(items.values(), key=lambda item: item.since)[:limit]
    _attach_earlier_flags(ordered)
    _attach_histories(ordered)
    return ordered


def _held_keys(limit: int) -> set[tuple[str, int]]:
    keys = set()
    for model in (qa_models.Question, qa_models.Answer):
        ids = db.session.scalars(
            select(model.id).where(model.status == qa_models.HELD).order_by(model.created_at).limit(limit * 4)
        )
        keys |= {(model.post_type, i) for i in ids}
    if not keys:
        return keys
    # Posts a moderator hid on purpose were reviewed already.
    hidden = db.session.execute(
        select(ModerationAction.target_type, ModerationAction.target_id).where(
            ModerationAction.action == "hide",
            ModerationAction.undone_at.is_(None),
            ModerationAction.actor_id.is_not(None),
            ModerationAction.target_id.in_({i for _t, i in keys}),
        )
    )
    return keys - {(t, i) for t, i in hidden}


def _load_posts(keys: set[tuple[str, int]]) -> dict[tuple[str, int], object]:
    found = {}
    question_ids = {i for t, i in keys if t == "question"}
    answer_ids = {i for t, i in keys if t == "answer"}
    if question_ids:
        stmt = (
            select(qa_models.Question)
            .options(selectinload(qa_models.Question.author))
            .where(qa_models.Question.id.in_(question_ids))
        )
        found.update({("question", q.id): q for q in db.session.scalars(stmt)})
    if answer_ids:
        stmt = (
            select(qa_models.Answer)
            .options(selectinload(qa_models.Answer.author), selectinload(qa_models.Answer.question))
            .where(qa_models.Answer.id.in_(answer_ids))
        )
        found.update({("answer", a.id): a for a in db.session.scalars(stmt)})
    return found


def _attach_earlier_flags(items: list[QueueItem]) -> None:
    if not items:
        return
    ids = {item.post.id for item in items}
    rows = db.session.scalars(
        select(Flag)
        .options(selectinload(Flag.user))
        .where(Flag.post_id.in_(ids), Flag.status != "open")
        .order_by(Flag.created_at)
    ).all()
    by_key: dict[tuple[str, int], list] = {}
    for flag in rows:
        by_key.setdefault((flag.post_type, flag.post_id), []).append(flag)
    for item in items:
        item.earlier_flags = by_key.get((item.post.post_type, item.post.id), [])


def _attach_histories(items: list[QueueItem]) -> None:
    author_ids = {item.post.author_id for item in items if item.post.author_id}
    histories = author_histories(author_ids)
    for item in items:
        item.history = histories.get(item.post.author_id, {})


def author_histories(author_ids: set[int]) -> dict[int, dict]:
    """Posts by status, flags against them by outcome and restrictions, for many authors at once."""
    if not author_ids:
        return {}
    result = {
        uid: {"posts": {"questions": {}, "answers": {}}, "flags": {}, "restrictions": 0, "silenced": False}
        for uid in author_ids
    }
    for name, model in (("questions", qa_models.Question), ("answers", qa_models.Answer)):
        rows = db.session.execute(
            select(model.author_id, model.status, func.count(model.id))
            .where(model.author_id.in_(author_ids))
            .group_by(model.author_id, model.status)
        )
        for uid, status, count in rows:
            result[uid]["posts"][name][status] = count
    flags = db.session.execute(
        select(Flag.post_author_id, Flag.status, func.count(Flag.id))
        .where(Flag.post_author_id.in_(author_ids))
        .group_by(Flag.post_author_id, Flag.status)
    )
    for uid, status, count in flags:
        result[uid]["flags"][status] = count
    restrictions = db.session.execute(
        select(Restriction.user_id, func.count(Restriction.id))
        .where(Restriction.user_id.in_(author_ids))
        .group_by(Restriction.user_id)
    )
    for uid, count in restrictions:
        result[uid]["restrictions"] = count
    now = utcnow()
    silenced = db.session.scalars(
        select(Restriction.user_id).where(
            Restriction.user_id.in_(author_ids),
            Restriction.kind == "silence",
            Restriction.lifted_at.is_(None),
            Restriction.starts_at <= now,
            Restriction.ends_at > now,
        )
    )
    for uid in silenced:
        result[uid]["silenced"] = True
    return result


def author_history(user_id) -> dict:
    """One author's history (the user page)."""
    return author_histories({user_id}).get(user_id, {}) if user_id else {}
