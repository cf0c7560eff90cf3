"""Read side: question lists, one thread in a fixed number of queries, similar questions, diffs."""

import difflib
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from app.auth.models import User
from app.core import events
from app.core.errors import NotFound, ValidationError
from app.core.permissions import is_staff
from app.core.sanitize import clean_plain_text
from app.core.uow import transactional
from app.extensions import db
from app.qa.models import (
    DELETED,
    VISIBLE,
    Answer,
    Comment,
    MeToo,
    Question,
    ReputationChange,
    Revision,
    Space,
    Tag,
    Vote,
)
from app.qa.services import get_question
from app.qa.text import has_control
from app.search import services as search
from app.search.base import BackendUnavailable

SORTS = ("newest", "active", "votes")
# What a thread shows of each author; the rest of the user row stays in the database.
_AUTHOR_COLUMNS = (User.id, User.username, User.display_name, User.role, User.is_suspended)
FILTERS = ("unanswered", "unsolved", "solved")
PER_PAGE = 20


def spaces() -> list[Space]:
    return list(db.session.scalars(select(Space).order_by(Space.position, Space.name)))


def space_by_slug(slug: str) -> Space:
    space = None if has_control(slug) else db.session.scalar(select(Space).where(Space.slug == slug))
    if space is None:
        raise NotFound(_l("That space does not exist."))
    return space


def tag_by_name(name: str) -> Tag:
    tag = None if has_control(name) else db.session.scalar(select(Tag).where(Tag.name == (name or "").lower()))
    if tag is None:
        raise NotFound(_l("No question uses that tag."))
    return tag


def question_list_query(*, space: Space | None = None, tag: Tag | None = None, sort="newest", status=None):
    """The select() for a list of visible questions; raises a 400 naming a bad sort or status."""
    if sort not in SORTS:
        raise ValidationError(fields={"sort": _l("Use one of: newest, active, votes.")})
    if status and status not in FILTERS:
        raise ValidationError(fields={"status": _l("Use one of: unanswered, unsolved, solved.")})
    stmt = select(Question).where(Question.status == VISIBLE)
    stmt = stmt.options(joinedload(Question.space), joinedload(Question.author), selectinload(Question.tags))
    if space is not None:
        stmt = stmt.where(Question.space_id == space.id)
    if tag is not None:
        stmt = stmt.where(Question.tags.any(Tag.id == tag.id))
    if status == "unanswered":
        stmt = stmt.where(Question.answer_count == 0)
    elif status == "unsolved":
        stmt = stmt.where(Question.accepted_answer_id.is_(None))
    elif status == "solved":
        stmt = stmt.where(Question.accepted_answer_id.is_not(None))
    order = {
        "newest": (Question.created_at.desc(),),
        "active": (Question.last_activity_at.desc(),),
        "votes": (Question.score.desc(), Question.created_at.desc()),
    }[sort]
    return stmt.order_by(*order, Question.id.desc())


def list_questions(*, page: int = 1, per_page: int = PER_PAGE, **filters):
    """A db.paginate page of visible questions."""
    return db.paginate(question_list_query(**filters), page=page, per_page=per_page, error_out=False)


def recent_questions(limit: int = 8) -> list[Question]:
    return list(db.session.scalars(question_list_query().limit(limit)))


@dataclass
class Thread:
    question: Question
    answers: list[Answer]
    comments: dict[tuple[str, int], list[Comment]] = field(default_factory=dict)
    my_votes: dict[tuple[str, int], int] = field(default_factory=dict)
    me_too: bool = False
    reputation: dict[int, int] = field(default_factory=dict)

    def reputation_of(self, user_id: int | None) -> int | None:
        return self.reputation.get(user_id) if user_id else None

    def comments_for(self, post) -> list[Comment]:
        return self.comments.get((post.post_type, post.id), [])

    def my_vote(self, post) -> int:
        return self.my_votes.get((post.post_type, post.id), 0)


def load_thread(user, question_id: int) -> Thread:
    """A question with its answers (accepted first, then by score) and comments: 5 queries."""
    row = db.session.execute(
        select(Question, _reputation_of(Question.author_id))
        .where(Question.id == question_id)
        .options(joinedload(Question.space), joinedload(Question.author), selectinload(Question.tags))
    ).first()
    if row is None:
        raise NotFound(_l("That question does not exist."))
    question, reputation = row[0], {row[0].author_id: _points(row[1])}
    question = get_question(user, question.id)  # identity map: no new query
    staff = is_staff(user)
    answer_stmt = (
        select(Answer, _reputation_of(Answer.author_id))
        .where(Answer.question_id == question.id)
        .options(joinedload(Answer.author).load_only(*_AUTHOR_COLUMNS), defer(Answer.body_text))
    )
    answers = []
    for answer, points in db.session.execute(answer_stmt).unique():
        reputation[answer.author_id] = _points(points)
        if _shown(user, answer, staff):
            answers.append(answer)
    answers.sort(key=lambda a: (a.id != question.accepted_answer_id, -a.score, a.created_at, a.id))
    comment_stmt = (
        select(Comment)
        .where(Comment.question_id == question.id)
        .options(joinedload(Comment.author).load_only(*_AUTHOR_COLUMNS))
        .order_by(Comment.created_at, Comment.id)
    )
    comments: dict[tuple[str, int], list[Comment]] = {}
    for comment in db.session.scalars(comment_stmt):
        if comment.status == VISIBLE or staff:
            comments.setdefault((comment.post_type, comment.post_id), []).append(comment)
    thread = Thread(question=question, answers=answers, comments=comments, reputation=reputation)
    if getattr(user, "is_authenticated", False):
        _load_user_state(user, thread)
    return thread


def _reputation_of(author_id_column):
    """A column with the author's reputation ledger total, so the thread needs no extra query."""
    return (
        select(func.coalesce(func.sum(ReputationChange.amount), 0))
        .where(ReputationChange.user_id == author_id_column)
        .scalar_subquery()
    )


def _points(total) -> int:
    return max(1, int(total or 0) + 1)  # the same rule as app.qa.reputation.reputation


def _shown(user, answer: Answer, staff: bool) -> bool:
    if answer.status == VISIBLE or staff:
        return True
    return answer.status != DELETED and getattr(user, "is_authenticated", False) and answer.author_id == user.id


def _load_user_state(user, thread: Thread) -> None:
    answer_ids = [a.id for a in thread.answers]
    rows = db.session.execute(
        select(Vote.post_type, Vote.post_id, Vote.value).where(
            Vote.user_id == user.id,
            or_(
                (Vote.post_type == "question") & (Vote.post_id == thread.question.id),
                (Vote.post_type == "answer") & (Vote.post_id.in_(answer_ids or [0])),
            ),
        )
    )
    thread.my_votes = {(t, i): v for t, i, v in rows}
    thread.me_too = bool(
        db.session.scalar(select(MeToo.id).where(MeToo.user_id == user.id, MeToo.question_id == thread.question.id))
    )


# --- similar questions ---------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_STOP = frozenset("a an the to of in on for is are be how do does can i my with and or what why when it not".split())


def title_tokens(title: str) -> set[str]:
    """Lower-case words (minus stop words) and character bigrams of CJK runs."""
    title = (title or "").lower()
    tokens = {w for w in _WORD.findall(title) if w not in _STOP and len(w) > 1}
    for run in _CJK.findall(title):
        tokens.update(run[i : i + 2] for i in range(len(run) - 1)) if len(run) > 1 else tokens.add(run)
    return tokens


def similar_questions(title: str, limit: int = 5) -> list[Question]:
    """Visible questions like `title`, best first, from the search service (the same ranking as search)."""
    try:
        hits = search.similar(title, limit=limit * 2, kinds=("question",))
    except BackendUnavailable:  # the index cannot be read right now
        return title_overlap(title, limit)
    ids = [h.object_id for h in hits][:limit]
    rows = {
        q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids), Question.status == VISIBLE))
    }
    return [rows[i] for i in ids if i in rows]


def title_overlap(title: str, limit: int = 5) -> list[Question]:
    """Visible questions whose titles share the most tokens with `title` (the fallback without an index)."""
    wanted = title_tokens(title)
    if not wanted:
        return []
    conditions = [Question.title.ilike(f"%{_escape_like(t)}%", escape="\\") for t in list(wanted)[:12]]
    stmt = (
        select(Question).where(Question.status == VISIBLE, or_(*conditions)).order_by(Question.score.desc()).limit(200)
    )
    scored = []
    for question in db.session.scalars(stmt):
        have = title_tokens(question.title)
        overlap = len(wanted & have)
        if overlap:
            scored.append((overlap / len(wanted | have), question.score, question))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2].id))
    return [q for _s, _sc, q in scored[:limit]]


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@transactional
def record_similar_click(actor, question_id: int, typed_title: str, position: int | None = None,
                         search_id: str | None = None) -> None:  # fmt: skip
    """Record that someone asking clicked a suggested question (a possible deflection)."""
    question = get_question(actor, question_id)
    if question.status != VISIBLE:
        raise NotFound()
    actor_id = actor.id if getattr(actor, "is_authenticated", False) else None
    events.record(
        "similar.clicked",
        actor=actor_id,
        subject_type="question",
        subject_id=question.id,
        payload={
            "question_id": question.id,
            "space_id": question.space_id,
            "author_id": question.author_id,
            "title": clean_plain_text(typed_title or "")[:150],
            "position": position,
            **({"search_id": search_id} if search_id else {}),  # ties the click to its search.suggested
        },
    )


# --- revisions ------------------------------------------------------------------------------


def revisions(post_type: str, post_id: int) -> list[Revision]:
    stmt = (
        select(Revision)
        .where(Revision.post_type == post_type, Revision.post_id == post_id)
        .options(joinedload(Revision.author))
        .order_by(Revision.number.desc())
    )
    return list(db.session.scalars(stmt))


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """A readable line diff: ("add" | "del" | "same", text). Text is escaped by the template."""
    result = []
    for line in difflib.ndiff((old or "").splitlines(), (new or "").splitlines()):
        code, content = line[:2], line[2:]
        if code == "? ":
            continue
        result.append(({"+ ": "add", "- ": "del"}.get(code, "same"), content))
    return result


def revision_diffs(revs: list[Revision]) -> list[dict]:
    """Each revision with the diff from the one before it (newest first)."""
    ordered = sorted(revs, key=lambda r: r.number)
    items = []
    for index, rev in enumerate(ordered):
        before = ordered[index - 1] if index else None
        items.append(
            {
                "revision": rev,
                "title_changed": before is not None and before.title != rev.title,
                "old_title": before.title if before else None,
                "tags_changed": before is not None and before.tags != rev.tags,
                "old_tags": before.tags if before else "",
                "body": diff_lines(before.body if before else "", rev.body),
            }
        )
    return list(reversed(items))
