"""Q&A's notification rules: who hears about questions, answers, comments and accepted answers.

Registered from `app.qa.init_app` into the app's notification registries, with the Q&A follow
targets (question, space, tag), the auto-follows and the sentences the notifications read.
"""

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.notifications import follows, registry
from app.notifications.mentions import mentioned_user_ids
from app.qa.models import Answer, Comment, Question, Space, Tag
from app.qa.services import can_view


def _get(model, object_id):
    try:
        return db.session.get(model, int(object_id))
    except (TypeError, ValueError):
        return None


def _path(endpoint: str, values: dict) -> str:
    """A path for `endpoint` (works without a request context)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


# --- follow targets -----------------------------------------------------------------------


def _question_exists(question_id) -> bool:
    return _get(Question, question_id) is not None


def _question_can_see(user, question_id) -> bool:
    question = _get(Question, question_id)
    return question is not None and can_view(user, question)


def _question_url(question_id) -> str:
    question = _get(Question, question_id)
    return _path("qa.question", {"question_id": int(question_id), "slug": question.slug if question else "question"})


def _question_title(question_id) -> str:
    question = _get(Question, question_id)
    return question.title if question else ""


def _space_exists(space_id) -> bool:
    return _get(Space, space_id) is not None


def _space_url(space_id) -> str:
    space = _get(Space, space_id)
    return _path("qa.space", {"slug": space.slug}) if space else _path("qa.index", {})


def _space_title(space_id) -> str:
    space = _get(Space, space_id)
    return space.name if space else ""


def _tag_exists(name) -> bool:
    return db.session.scalar(select(Tag.id).where(Tag.name == name)) is not None


def _tag_url(name) -> str:
    return _path("qa.tag", {"name": name})


# --- recipient rules ----------------------------------------------------------------------


def _payload(event) -> dict:
    return event.payload or {}


def question_created(event):
    """Followers of the question's space and of each of its tags; people mentioned in it."""
    question = _get(Question, _payload(event).get("question_id"))
    if question is None:
        return
    for user_id in follows.follower_ids("space", question.space_id):
        yield user_id, "space_follower"
    for tag in question.tags:
        for user_id in follows.follower_ids("tag", tag.name):
            yield user_id, "tag_follower"
    for user_id in mentioned_user_ids(question.body):
        yield user_id, "mention"


def answer_created(event):
    """The asker (question followers come from the default rule); people mentioned in the answer."""
    payload = _payload(event)
    question = _get(Question, payload.get("question_id"))
    if question is not None and question.author_id:
        yield question.author_id, "asker"
    answer = _get(Answer, payload.get("answer_id"))
    if answer is not None:
        for user_id in mentioned_user_ids(answer.body):
            yield user_id, "mention"


def comment_created(event):
    """The author of the commented post; people mentioned in the comment."""
    comment = _get(Comment, _payload(event).get("comment_id"))
    if comment is None:
        return
    post = _get(Answer if comment.post_type == "answer" else Question, comment.post_id)
    if post is not None and post.author_id:
        yield post.author_id, "author"
    for user_id in mentioned_user_ids(comment.body):
        yield user_id, "mention"


def answer_accepted(event):
    """Only the author of the accepted answer."""
    answer = _get(Answer, _payload(event).get("answer_id"))
    if answer is not None and answer.author_id:
        yield answer.author_id, "author"


def _auto_follow_question(event) -> None:
    question_id = _payload(event).get("question_id")
    if event.actor_id and _get(Question, question_id) is not None:
        follows.add_follow(event.actor_id, "question", int(question_id))


def _auto_follow_author(event) -> None:
    """A held post's author follows the question once it is approved (the actor is the moderator)."""
    payload = _payload(event)
    author_id, question_id = payload.get("author_id"), payload.get("question_id")
    if isinstance(author_id, int) and _get(Question, question_id) is not None:
        follows.add_follow(author_id, "question", int(question_id))


MESSAGES = {
    "question.created": _l("%(actor)s asked a new question"),
    "answer.created": _l("%(actor)s answered"),
    "comment.created": _l("%(actor)s commented"),
    "answer.accepted": _l("%(actor)s accepted your answer"),
    "question.approved": _l("%(actor)s asked a new question"),
    "answer.approved": _l("%(actor)s answered"),
}
REASONS = {
    "space_follower": _l("You follow this space."),
    "tag_follower": _l("You follow one of its tags."),
    "asker": _l("You asked this question."),
    "author": _l("You wrote the post."),
}


def _register_targets(app: Flask) -> None:
    registry.register_follow_target(
        app, "question", _question_exists, _question_can_see, url_fn=_question_url, title_fn=_question_title
    )
    registry.register_follow_target(
        app, "space", _space_exists, lambda user, _id: True, url_fn=_space_url, title_fn=_space_title
    )
    registry.register_follow_target(
        app, "tag", _tag_exists, lambda user, _name: True, key="name", url_fn=_tag_url, title_fn=str
    )
    registry.register_thread_key(app, "question_id", "question")


def register(app: Flask) -> None:
    """Register the Q&A follow targets, recipient rules, auto-follows and sentences."""
    _register_targets(app)
    for kind, rule in (
        ("question.created", question_created),
        ("answer.created", answer_created),
        ("comment.created", comment_created),
        ("answer.accepted", answer_accepted),
        # Held posts reach followers when a moderator approves them.
        ("question.approved", question_created),
        ("answer.approved", answer_created),
    ):
        registry.register_recipients(app, kind, rule)
    registry.register_notification_kind(app, "answer.accepted", followers=False)
    registry.register_notification_kind(app, "question.created", followers=False)  # its space and tags instead
    registry.register_notification_kind(app, "question.approved", followers=False, actor_key="author_id")
    registry.register_notification_kind(app, "answer.approved", actor_key="author_id")
    for kind, effect in (
        ("question.created", _auto_follow_question),
        ("answer.created", _auto_follow_question),
        ("question.approved", _auto_follow_author),
        ("answer.approved", _auto_follow_author),
    ):
        registry.register_effect(app, kind, effect)
    for kind, message in MESSAGES.items():
        registry.register_message(app, kind, message)
    for reason, message in REASONS.items():
        registry.register_reason(app, reason, message)
