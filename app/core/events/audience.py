"""Who may see an event: public, staff, one user, or a rule a domain registers for a prefix."""

from collections.abc import Callable

from flask import Flask

from app.core import registries
from app.core.events.log import PUBLIC, STAFF, Event
from app.core.permissions import is_staff

AudienceRule = Callable[[object, str], bool]
AUDIENCES = "events.audiences"


def register_audience(app: Flask, prefix: str, rule: AudienceRule) -> None:
    """Teach the app's log who may see events whose audience is `<prefix>:<key>`."""
    registries.put(app, AUDIENCES, prefix, rule)


def can_see(user, event: Event) -> bool:
    """Tell whether `user` may see `event` (the same rule for the API, sockets and search)."""
    audience = event.audience or PUBLIC
    if audience == PUBLIC:
        return True
    if audience == STAFF:
        return is_staff(user)
    prefix, _, key = audience.partition(":")
    if prefix == "user":
        return bool(getattr(user, "is_authenticated", False)) and str(user.id) == key
    rule = registries.lookup(AUDIENCES, prefix)
    return bool(rule and rule(user, key))
