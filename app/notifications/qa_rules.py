"""Q&A notification rules: who hears about questions, answers, comments and accepted answers.

Written against app/qa/models.py and the payloads of the Q&A events (question_id, space_id,
answer_id, comment_id, author_id). Also registers the Q&A follow targets: question, space, tag.
"""

from flask import current_app
from sqlalchemy import select
from werkzeug.routing import BuildError

from app.core.permissions import is_staff
from app.extensions import db
from app.notifications import follows, registry
from app.notifications.consumer import register_effect
from app.notifications.mentions import mentioned_user_ids

VISIBLE = "visible"


def _models():
    from app.qa import models

    return models


def _get(model_name: str, object_id):
    try:
        return db.session.get(getattr(_models(), model_name), int(object_id))
    except (TypeError, ValueError):
        return None


def _build(endpoints: list[tuple[str, dict]], fallback: str) -> str:
    """A path for the first endpoint that exists (works without a request context)."""
    adapter = current_app.url_map.bind("localhost")
    for endpoint, values in endpoints:
        if endpoint in current_app.view_functions:
            try:
                return adapter.build(endpoint, values)
            except BuildError:
                continue
    return fallback


# --- follow targets -----------------------------------------------------------------------


def question_visible(user, question) -> bool:
    """Whether `user` may see a question (the Q&A domain's own rule)."""
    if question is None:
        return False
    try:
        from app.qa.services import can_view
    except ImportError:  # pragma: no cover  (a build without the Q&A services)
        return question.status == VISIBLE or is_staff(user)
    return can_view(user, question)


def _question_exists(question_id) -> bool:
    return _get("Question", question_id) is not None


def _question_can_see(user, question_id) -> bool:
    return question_visible(user, _get("Question", question_id))


def _question_url(question_id) -> str:
    question = _get("Question", question_id)
    slug = question.slug if question else "question"
    return _build(
        [
            ("qa.question", {"question_id": question_id, "slug": slug}),
            ("qa.question", {"question_id": question_id}),
            ("qa.show", {"question_id": question_id}),
        ],
        f"/questions/{question_id}",
    )


def _question_title(question_id) -> str:
    question = _get("Question", question_id)
    return question.title if question else ""


def _space_exists(space_id) -> bool:
    return _get("Space", space_id) is not None


def _space_url(space_id) -> str:
    space = _get("Space", space_id)
    slug = space.slug if space else ""
    return _build([("qa.space", {"slug": slug}), ("qa.index", {"space": slug})], "/questions")


def _space_title(space_id) -> str:
    space = _get("Space", space_id)
    return space.name if space else ""


def _tag_by_name(name):
    return db.session.scalar(select(_models().Tag).where(_models().Tag.name == name))


def _tag_url(name) -> str:
    return _build([("qa.tag", {"name": name}), ("qa.index", {"tag": name})], "/questions")


def register_targets() -> None:
    registry.register_follow_target(
        "question", _question_exists, _question_can_see, url_fn=_question_url, title_fn=_question_title
    )
    registry.register_follow_target(
        "space", _space_exists, lambda user, _id: True, url_fn=_space_url, title_fn=_space_title
    )
    registry.register_follow_target(
        "tag",
        lambda name: _tag_by_name(name) is not None,
        lambda user, _name: True,
        key="name",
        url_fn=_tag_url,
        title_fn=lambda name: str(name),
    )


# --- recipient rules ----------------------------------------------------------------------


def _payload(event) -> dict:
    return event.payload or {}


def question_created(event):
    """Followers of the question's space and of each of its tags; people mentioned in it."""
    question = _get("Question", _payload(event).get("question_id"))
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
    question = _get("Question", payload.get("question_id"))
    if question is not None and question.author_id:
        yield question.author_id, "asker"
    answer = _get("Answer", payload.get("answer_id"))
    if answer is not None:
        for user_id in mentioned_user_ids(answer.body):
            yield user_id, "mention"


def comment_created(event):
    """The author of the commented post; people mentioned in the comment."""
    comment = _get("Comment", _payload(event).get("comment_id"))
    if comment is None:
        return
    post = _get("Answer" if comment.post_type == "answer" else "Question", comment.post_id)
    if post is not None and post.author_id:
        yield post.author_id, "author"
    for user_id in mentioned_user_ids(comment.body):
        yield user_id, "mention"


def answer_accepted(event):
    """Only the author of the accepted answer."""
    answer = _get("Answer", _payload(event).get("answer_id"))
    if answer is not None and answer.author_id:
        yield answer.author_id, "author"


def _auto_follow_question(event) -> None:
    question_id = _payload(event).get("question_id")
    if event.actor_id and _get("Question", question_id) is not None:
        follows.add_follow(event.actor_id, "question", int(question_id))


def _auto_follow_author(event) -> None:
    """A held post's author follows the question once it is approved (the actor is the moderator)."""
    payload = _payload(event)
    author_id, question_id = payload.get("author_id"), payload.get("question_id")
    if isinstance(author_id, int) and _get("Question", question_id) is not None:
        follows.add_follow(author_id, "question", int(question_id))


def register() -> None:
    """Register the Q&A follow targets, recipient rules and auto-follows."""
    register_targets()
    registry.register_recipients("question.created", question_created)
    registry.register_recipients("answer.created", answer_created)
    registry.register_recipients("comment.created", comment_created)
    registry.register_recipients("answer.accepted", answer_accepted)
    # Held posts reach followers when a moderator approves them.
    registry.register_recipients("question.approved", question_created)
    registry.register_recipients("answer.approved", answer_created)
    registry.register_notification_kind("answer.accepted", followers=False)
    registry.register_notification_kind("question.created", followers=False)  # its space and tags instead
    registry.register_notification_kind("question.approved", followers=False, actor_key="author_id")
    registry.register_notification_kind("answer.approved", actor_key="author_id")
    register_effect("question.created", _auto_follow_question)
    register_effect("answer.created", _auto_follow_question)
    register_effect("question.approved", _auto_follow_author)
    register_effect("answer.approved", _auto_follow_author)
