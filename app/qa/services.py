"""Q&A business rules: ask, answer, comment, edit, delete, restore, approve.

Events recorded (in the same transaction as the change). Every payload carries
``question_id``, ``space_id`` and ``author_id`` (the author of the object the event is about),
plus ``answer_id`` / ``comment_id`` where relevant. Audience is "public" for visible content
and "staff" for held (or deleted) content.

=====================  ============  ======================================================
kind                   subject       extra payload
=====================  ============  ======================================================
question.created       question      title, status ("visible" or "held")
question.edited        question      title, changed (list of "title"/"body"/"tags"/"space")
question.deleted       question      title
question.restored      question      title
question.approved      question      title (a held question became visible)
answer.created         answer        answer_id, status
answer.edited          answer        answer_id
answer.deleted         answer        answer_id
answer.restored        answer        answer_id
answer.approved        answer        answer_id (a held answer became visible)
comment.created        comment       comment_id, post_type, post_id
comment.deleted        comment       comment_id, post_type, post_id (answer_id on answers)
comment.restored       comment       comment_id, post_type, post_id
vote.changed           question or   post_type, post_id, score, answer_id (for answers)
                       answer
answer.accepted        answer        answer_id, previous_answer_id (an unaccept records it with
                                     subject question, answer_id None, previous_answer_id set)
question.me_too        question      count
similar.clicked        question      title (what was typed), position, search_id (of its search.suggested)
space.created          space         space_id, name
space.updated          space         space_id, name
=====================  ============  ======================================================

Notifications load the post by id from app.qa.models (Question, Answer, Comment).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core import events
from app.core.errors import Conflict, Forbidden, NotFound, ValidationError
from app.core.permissions import Perm, can, is_staff, require
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.qa import reputation, text
from app.qa.idempotency import create_once
from app.qa.models import DELETED, HELD, VISIBLE, Answer, Comment, Question, Revision, Space, Tag

MODELS = {"question": Question, "answer": Answer, "comment": Comment}


# --- visibility ------------------------------------------------------------------------


def _is_author(user, obj) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and obj.author_id == user.id


def can_view(user, obj) -> bool:
    """Visible posts for all; held ones for their author and staff; deleted ones for staff."""
    if obj.status == VISIBLE:
        return True
    if obj.status == HELD:
        return _is_author(user, obj) or is_staff(user)
    return is_staff(user)


def can_edit(user, obj) -> bool:
    """The author (while the post is not deleted) or a moderator."""
    if not can(user, Perm.POST):
        return False
    if can(user, Perm.MODERATE):
        return True
    return _is_author(user, obj) and obj.status != DELETED


def can_accept(user, question: Question) -> bool:
    return can(user, Perm.MODERATE) or (can(user, Perm.POST) and _is_author(user, question))


def get_question(user, question_id: int) -> Question:
    """The question if `user` may see it, else NotFound."""
    question = db.session.get(Question, question_id)
    if question is None or not can_view(user, question):
        raise NotFound(_l("That question does not exist."))
    return question


def get_post(user, post_type: str, post_id: int):
    """A question, answer or comment `user` may see (and, for answers/comments, its question)."""
    model = MODELS.get(post_type)
    obj = db.session.get(model, post_id) if model else None
    if obj is None or not can_view(user, obj):
        raise NotFound()
    if post_type != "question":
        get_question(user, obj.question_id)
    return obj


def _audience(*objs) -> str:
    return events.PUBLIC if all(o.status == VISIBLE for o in objs) else events.STAFF


def record(kind: str, actor, obj, question: Question, **extra) -> None:
    """Record a Q&A event with the thread ids every consumer needs."""
    payload = {"question_id": question.id, "space_id": question.space_id, "author_id": obj.author_id, **extra}
    subject_type = {Question: "question", Answer: "answer", Comment: "comment"}[type(obj)]
    audience = _audience(question) if obj is question else _audience(question, obj)
    events.record(kind, actor=actor, subject_type=subject_type, subject_id=obj.id, audience=audience, payload=payload)


def _require_open(actor, question: Question) -> None:
    if question.status != VISIBLE:
        raise Conflict(_l("This question is not open for new posts."), code="not_visible")
    if (question.is_locked or question.is_closed) and not can(actor, Perm.MODERATE):
        raise Conflict(_l("This question is closed to new posts."), code="closed")


# --- spaces and tags ----------------------------------------------------------------------


def find_space(value) -> Space:
    """A space by id or slug, else a 400 naming `space`."""
    space = None
    if isinstance(value, Space):
        return value
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        space = db.session.get(Space, int(value))
    elif isinstance(value, str) and value.strip() and not text.has_control(value):
        space = db.session.scalar(select(Space).where(Space.slug == value.strip().lower()))
    if space is None:
        raise ValidationError(fields={"space": _l("Choose one of the spaces.")})
    return space


def _tags(names: list[str]) -> list[Tag]:
    found = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(names)))} if names else {}
    result = []
    for name in names:
        tag = found.get(name)
        if tag is None:
            try:
                with db.session.begin_nested():
                    tag = Tag(name=name)
                    db.session.add(tag)
            except IntegrityError:
                tag = db.session.scalar(select(Tag).where(Tag.name == name))
        result.append(tag)
    return result


# --- questions ----------------------------------------------------------------------------


def _save_revision(actor, post_type: str, post, title=None, tags=()) -> None:
    number = (
        db.session.scalar(
            select(func.max(Revision.number)).where(Revision.post_type == post_type, Revision.post_id == post.id)
        )
        or 0
    ) + 1
    db.session.add(
        Revision(
            post_type=post_type,
            post_id=post.id,
            number=number,
            author_id=actor.id,
            title=title,
            body=post.body,
            tags=" ".join(tags),
        )
    )


def ask_question(actor, *, title, body, space, tags=None, idempotency_key=None) -> Question:
    """Ask a question in a space with up to 5 tags."""
    require(actor, Perm.POST)
    title = text.check_title(title)
    body = text.check_body(body)
    space = find_space(space)
    tag_names = text.parse_tags(tags)
    html, plain = text.render(body)

    def create():
        level = reputation.check_new_user_limits(actor, html)
        status = HELD if reputation.should_hold(actor, level) else VISIBLE
        question = Question(
            space=space,
            author_id=actor.id,
            title=title,
            slug=text.slugify(title),
            body=body,
            body_html=html,
            body_text=plain,
            status=status,
            tags=_tags(tag_names),
        )
        db.session.add(question)
        db.session.flush()
        _save_revision(actor, "question", question, title, tag_names)
        record("question.created", actor, question, question, title=title, status=status)
        return question

    return create_once(actor.id, idempotency_key, "question", create)


@transactional
def edit_question(actor, question: Question, *, title=None, body=None, tags=None, space=None) -> Question:
    """Edit title, body, tags or space (author or moderator); keeps a revision."""
    if not can_edit(actor, question):
        raise Forbidden()
    changed = []
    if title is not None and (title := text.check_title(title)) != question.title:
        question.title, question.slug = title, text.slugify(title)
        changed.append("title")
    if body is not None and (body := text.check_body(body)) != question.body:
        html, plain = text.render(body)
        reputation.check_new_user_limits(actor, html)
        question.body, question.body_html, question.body_text = body, html, plain
        changed.append("body")
    if tags is not None and (names := text.parse_tags(tags)) != [t.name for t in question.tags]:
        question.tags = _tags(names)
        changed.append("tags")
    if space is not None and (space := find_space(space)).id != question.space_id:
        question.space = space
        changed.append("space")
    if not changed:
        return question
    question.updated_at = question.last_activity_at = utcnow()
    db.session.flush()
    if set(changed) & {"title", "body", "tags"}:
        _save_revision(actor, "question", question, question.title, [t.name for t in question.tags])
    record("question.edited", actor, question, question, title=question.title, changed=changed)
    return question


def _set_deleted(actor, obj, deleted: bool) -> None:
    if deleted:
        if not can_edit(actor, obj):
            raise Forbidden()
        if obj.status == DELETED:
            raise Conflict(_l("It is already deleted."))
        obj.status, obj.deleted_at = DELETED, utcnow()
    else:
        require(actor, Perm.MODERATE)
        if obj.status != DELETED:
            raise Conflict(_l("It is not deleted."))
        obj.status, obj.deleted_at = VISIBLE, None


@transactional
def delete_question(actor, question: Question) -> None:
    """Soft-delete a question (its author or a moderator)."""
    _set_deleted(actor, question, True)
    record("question.deleted", actor, question, question, title=question.title)


@transactional
def restore_question(actor, question: Question) -> None:
    """Bring a deleted question back (moderators)."""
    _set_deleted(actor, question, False)
    record("question.restored", actor, question, question, title=question.title)


# --- answers --------------------------------------------------------------------------------


def refresh_answer_count(question: Question) -> None:
    question.answer_count = db.session.scalar(
        select(func.count(Answer.id)).where(Answer.question_id == question.id, Answer.status == VISIBLE)
    )


def post_answer(actor, question: Question, *, body, idempotency_key=None) -> Answer:
    """Answer a visible, open question."""
    require(actor, Perm.POST)
    body = text.check_body(body)
    html, plain = text.render(body)
    _require_open(actor, question)

    def create():
        level = reputation.check_new_user_limits(actor, html)
        status = HELD if reputation.should_hold(actor, level) else VISIBLE
        answer = Answer(question_id=question.id, author_id=actor.id, body=body, body_html=html, body_text=plain)
        answer.status = status
        db.session.add(answer)
        db.session.flush()
        refresh_answer_count(question)
        question.last_activity_at = utcnow()
        _save_revision(actor, "answer", answer)
        record("answer.created", actor, answer, question, answer_id=answer.id, status=status)
        return answer

    return create_once(actor.id, idempotency_key, "answer", create)


@transactional
def edit_answer(actor, answer: Answer, *, body) -> Answer:
    """Edit an answer (author or moderator); keeps a revision."""
    if not can_edit(actor, answer):
        raise Forbidden()
    body = text.check_body(body)
    if body == answer.body:
        return answer
    html, plain = text.render(body)
    reputation.check_new_user_limits(actor, html)
    answer.body, answer.body_html, answer.body_text = body, html, plain
    answer.updated_at = utcnow()
    answer.question.last_activity_at = utcnow()
    _save_revision(actor, "answer", answer)
    record("answer.edited", actor, answer, answer.question, answer_id=answer.id)
    return answer


@transactional
def delete_answer(actor, answer: Answer) -> None:
    """Soft-delete an answer; an accepted answer stops being accepted."""
    _set_deleted(actor, answer, True)
    question = answer.question
    if question.accepted_answer_id == answer.id:
        question.accepted_answer_id = None
        reputation.set_accept_reputation(answer, False, actor.id)
    refresh_answer_count(question)
    record("answer.deleted", actor, answer, question, answer_id=answer.id)


@transactional
def restore_answer(actor, answer: Answer) -> None:
    """Bring a deleted answer back (moderators)."""
    _set_deleted(actor, answer, False)
    refresh_answer_count(answer.question)
    record("answer.restored", actor, answer, answer.question, answer_id=answer.id)


# --- comments -------------------------------------------------------------------------------


def add_comment(actor, post_type: str, post_id: int, *, body, idempotency_key=None) -> Comment:
    """Comment (plain Markdown, up to 600 characters) on a question or an answer."""
    require(actor, Perm.POST)
    if post_type not in ("question", "answer"):
        raise NotFound()
    post = get_post(actor, post_type, post_id)
    question = post if post_type == "question" else post.question
    body = text.check_body(body, max_length=text.COMMENT_MAX)
    html = text.render(body)[0]
    _require_open(actor, question)
    if post.status != VISIBLE:
        raise Conflict(_l("This post is not open for comments."), code="not_visible")

    def create():
        reputation.check_new_user_limits(actor, html)
        comment = Comment(
            question_id=question.id, post_type=post_type, post_id=post.id, author_id=actor.id, body=body, body_html=html
        )
        db.session.add(comment)
        db.session.flush()
        question.last_activity_at = utcnow()
        extra = {"answer_id": post.id} if post_type == "answer" else {}
        record(
            "comment.created",
            actor,
            comment,
            question,
            comment_id=comment.id,
            post_type=post_type,
            post_id=post.id,
            **extra,
        )
        return comment

    return create_once(actor.id, idempotency_key, "comment", create)


@transactional
def delete_comment(actor, comment: Comment) -> None:
    """Soft-delete a comment (its author or a moderator)."""
    _set_deleted(actor, comment, True)
    question = db.session.get(Question, comment.question_id)
    extra = {"answer_id": comment.post_id} if comment.post_type == "answer" else {}
    record(
        "comment.deleted",
        actor,
        comment,
        question,
        comment_id=comment.id,
        post_type=comment.post_type,
        post_id=comment.post_id,
        **extra,
    )


@transactional
def restore_comment(actor, comment: Comment) -> None:
    """Bring a deleted comment back (moderators)."""
    _set_deleted(actor, comment, False)
    question = db.session.get(Question, comment.question_id)
    extra = {"answer_id": comment.post_id} if comment.post_type == "answer" else {}
    record("comment.restored", actor, comment, question, comment_id=comment.id, post_type=comment.post_type,
           post_id=comment.post_id, **extra)  # fmt: skip


# --- review of held posts ---------------------------------------------------------------------


def held_posts(limit: int = 100) -> list:
    """Held questions and answers, oldest first (the moderation queue reads this)."""
    questions = db.session.scalars(select(Question).where(Question.status == HELD).order_by(Question.created_at))
    answers = db.session.scalars(select(Answer).where(Answer.status == HELD).order_by(Answer.created_at))
    return sorted([*questions, *answers], key=lambda p: p.created_at)[:limit]


@transactional
def approve_post(actor, post_type: str, post_id: int):
    """Make a held question or answer visible (moderators)."""
    require(actor, Perm.MODERATE)
    model = {"question": Question, "answer": Answer}.get(post_type)
    post = db.session.get(model, post_id) if model else None
    if post is None:
        raise NotFound()
    if post.status != HELD:
        raise Conflict(_l("This post is not waiting for review."))
    post.status = VISIBLE
    if post_type == "question":
        record("question.approved", actor, post, post, title=post.title)
    else:
        refresh_answer_count(post.question)
        record("answer.approved", actor, post, post.question, answer_id=post.id)
    return post
