"""Room names and who may join them, decided with the same permission rules as HTTP.

Rooms are ``<prefix>:<id>`` for the prefixes domains register from their `init_app`, plus
``moderation`` (staff) and ``user:<id>`` (that user only), which realtime registers itself:

    rooms.register_room(app, "idea", can_join_idea, payload_key="idea_id")

rule(user, key) decides who may join (key is the id as a string). A public event goes to the
room of every registered prefix whose `payload_key` its payload names (or whose prefix is its
subject type); a ticket:<id> or user:<id> audience goes to the room of the same name.
`restricted=True` marks rooms whose membership can change under a connected user: the relay
re-checks them on each delivery.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from app.core import events as event_log
from app.core import registries
from app.core.permissions import is_staff

log = logging.getLogger(__name__)

MODERATION = "moderation"
ROOMS = "realtime.rooms"
_ROOM_RE = re.compile(r"^([a-z][a-z_]{0,31}):([1-9][0-9]{0,17})$")

JoinRule = Callable[[object, str], bool]


@dataclass(frozen=True)
class Room:
    rule: JoinRule
    payload_key: str | None = None
    restricted: bool = False


def register_room(
    app: Flask, prefix: str, rule: JoinRule, *, payload_key: str | None = None, restricted: bool = False
) -> None:
    """Let a domain decide who may join rooms `<prefix>:<id>` (rule(user, key) -> bool)."""
    registries.put(app, ROOMS, prefix, Room(rule, payload_key, restricted))


def register_platform_rooms(app: Flask) -> None:
    """The rooms realtime owns: each user's own room and the staff room."""
    register_room(app, "user", _user_rule, restricted=True)
    register_room(app, MODERATION, _moderation_rule, restricted=True)


def follows_audience(prefix: str) -> JoinRule:
    """A join rule for rooms `<prefix>:<id>` that admits whoever may see events of that audience."""

    def rule(user, key: str) -> bool:
        return event_log.can_see(user, _Audience(f"{prefix}:{key}"))

    return rule


class _Audience:
    """The smallest thing can_see() reads: an audience string."""

    def __init__(self, audience: str):
        self.audience = audience


def room(prefix: str, key) -> str:
    return f"{prefix}:{key}"


def parse_room(name) -> tuple[str, str] | None:
    """Split a room name into (prefix, key), or None when it is not a registered room."""
    if name == MODERATION:
        return MODERATION, ""
    if not isinstance(name, str):
        return None
    match = _ROOM_RE.match(name)
    if not match or match.group(1) == MODERATION or _room(match.group(1)) is None:
        return None
    return match.group(1), match.group(2)


def _room(prefix: str) -> Room | None:
    return registries.lookup(ROOMS, prefix)


def may_join(user, name: str) -> bool:
    """Tell whether `user` (anonymous allowed) may receive the events of room `name`."""
    parsed = parse_room(name)
    if parsed is None:
        return False
    if getattr(user, "is_suspended", False):
        return False
    prefix, key = parsed
    try:
        return bool(_room(prefix).rule(user, key))
    except Exception:  # a broken rule must deny, never crash the socket server
        log.exception("room rule for %s failed", name)
        return False


def is_restricted(name: str) -> bool:
    """Rooms whose membership can change under a connected user (re-checked on each delivery)."""
    parsed = parse_room(name)
    return parsed is not None and _room(parsed[0]).restricted


def rooms_for_event(event) -> list[str]:
    """The rooms an event goes to: never wider than its audience."""
    audience = event.audience or event_log.PUBLIC
    payload = event.payload or {}
    if audience == event_log.PUBLIC:
        found = []
        for prefix, spec in registries.mapping(ROOMS).items():
            if spec.payload_key is None:
                continue
            value = payload.get(spec.payload_key)
            if value is None and event.subject_type == prefix:
                value = event.subject_id
            if _is_id(value):
                found.append(room(prefix, value))
        return found
    if audience == event_log.STAFF:
        return [MODERATION]
    # user:<id>, ticket:<id> and other registered audiences map to the room of the same name.
    return [audience] if parse_room(audience) else []


def _is_id(value) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value > 0
        or (isinstance(value, str) and value.isdigit() and value != "0")
    )


def _user_rule(user, key: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and str(user.id) == key


def _moderation_rule(user, key: str) -> bool:
    return is_staff(user)
