"""How notifications read: a translated sentence per kind and a line saying why you got it."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.notifications import registry


def register_defaults() -> None:
    """Sentences for the kinds this domain knows; other domains register their own."""
    for kind, message in {
        "mention": _l("%(actor)s mentioned you"),
        "question.created": _l("%(actor)s asked a new question"),
        "answer.created": _l("%(actor)s answered"),
        "comment.created": _l("%(actor)s commented"),
        "answer.accepted": _l("%(actor)s accepted your answer"),
        "question.approved": _l("%(actor)s asked a new question"),
        "answer.approved": _l("%(actor)s answered"),
    }.items():
        registry.register_message(kind, message)
    for reason, message in {
        "follower": _l("You follow this."),
        "space_follower": _l("You follow this space."),
        "tag_follower": _l("You follow one of its tags."),
        "asker": _l("You asked this question."),
        "author": _l("You wrote the post."),
        "mention": _l("You were mentioned."),
    }.items():
        registry.register_reason(reason, message)


def actor_name(notification) -> str:
    actor = notification.actor
    return actor.display_name if actor is not None else _("Someone")


def sentence(notification) -> str:
    """The translated sentence of a notification, e.g. 'Ann answered'."""
    message = registry.message_for(notification.kind)
    if message is None:
        return _("New activity from %(actor)s", actor=actor_name(notification))
    return str(message) % {"actor": actor_name(notification)}


def reason_line(notification) -> str:
    text = registry.reason_text(notification.reason)
    return str(text) if text is not None else ""
