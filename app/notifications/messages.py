"""How notifications read: a translated sentence per kind and a line saying why you got it."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.notifications import registry


def register_defaults(app: Flask) -> None:
    """Sentences for what this domain itself produces; each domain registers its own kinds."""
    registry.register_message(app, "mention", _l("%(actor)s mentioned you"))
    registry.register_reason(app, "follower", _l("You follow this."))
    registry.register_reason(app, "mention", _l("You were mentioned."))


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
