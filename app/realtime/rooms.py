"""Room names and who may join them, decided with the same permission rules as HTTP.

Rooms: ``question:<id>``, ``idea:<id>``, ``ticket:<id>``, ``user:<id>`` and ``moderation``.
A domain may register a sharper rule with ``register_room(prefix, rule)``; without one, the
question and idea rooms follow the thread's visibility (hidden, held or deleted threads are for
staff and their author), tickets follow the audience rule the tickets domain registered for
``ticket:<id>`` events, and ``user:<id>`` is for that user only.
"""

import importlib
import logging
import re
from collections.abc import Callable

from app.core import events as event_log
from app.core.permissions import is_staff

log = logging.getLogger(__name__)

MODERATION = "moderation"
THREAD_KEYS = {"question": "question_id", "idea": "idea_id", "ticket": "ticket_id"}
_ROOM_RE = re.compile(r"^(question|idea|ticket|user):([1-9][0-9]{0,17})$")

JoinRule = Callable[[object, str], bool]
_rules: dict[str, JoinRule] = {}


def register_room(prefix: str, rule: JoinRule) -> None:
    """Let a domain decide who may join rooms `<prefix>:<key>` (rule(user, key) -> bool)."""
    _rules[prefix] = rule


def room(prefix: str, key) -> str:
    return f"{prefix}:{key}"


def parse_room(name) -> tuple[str, str] | None:
    """Split a room name into (prefix, key), or None when it is not a room of ours."""
    if name == MODERATION:
        return MODERATION, ""
    if not isinstance(name, str):
        return None
    match = _ROOM_RE.match(name)
    return (match.group(1), match.group(2)) if match else None


def may_join(user, name: str) -> bool:
    """Tell whether `user` (anonymous allowed) may receive the events of room `name`."""
    parsed = parse_room(name)
    if parsed is None:
        return False
    if getattr(user, "is_suspended", False):
        return False
    prefix, key = parsed
    rule = _rules.get(prefix) or _DEFAULT_RULES[prefix]
    try:
        return bool(rule(user, key))
    except Exception:  # a broken rule must deny, never crash the socket server
        log.exception("room rule for %s failed", name)
        return False


def is_restricted(name: str) -> bool:
    """Rooms whose membership can change under a connected user (re-checked on each delivery)."""
    parsed = parse_room(name)
    return parsed is not None and parsed[0] in {"ticket", "user", MODERATION}


def rooms_for_event(event) -> list[str]:
    """The rooms an event goes to: never wider than its audience."""
    audience = event.audience or event_log.PUBLIC
    payload = event.payload or {}
    if audience == event_log.PUBLIC:
        rooms = []
        for prefix, field in THREAD_KEYS.items():
            value = payload.get(field)
            if value is None and event.subject_type == prefix:
                value = event.subject_id
            if _is_id(value):
                rooms.append(room(prefix, value))
        return rooms
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


# --- default rules ------------------------------------------------------------------------

_HIDDEN_STATES = {"held", "hidden", "deleted", "pending", "removed", "spam", "merged_hidden"}


def _load(module: str, model: str, key: str):
    """Fetch a domain object by id, or None when the domain or the row does not exist."""
    from app.extensions import db

    try:
        cls = getattr(importlib.import_module(module), model)
    except (ImportError, AttributeError):
        return None
    return db.session.get(cls, int(key))


def _hidden(obj) -> bool:
    """Tell whether a thread is out of public view (soft-deleted, held for review, hidden)."""
    for attr in ("deleted_at", "hidden_at", "held_at"):
        if getattr(obj, attr, None) is not None:
            return True
    for attr in ("is_deleted", "is_hidden", "is_held", "deleted", "hidden", "held"):
        if getattr(obj, attr, False) is True:
            return True
    for attr in ("status", "state", "visibility", "moderation_state"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value.lower() in _HIDDEN_STATES:
            return True
    return False


def _is_author(user, obj) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    author = getattr(obj, "author_id", None) or getattr(obj, "user_id", None)
    return author is not None and author == user.id


def _thread_rule(module: str, model: str, visible_fn: str) -> JoinRule:
    def rule(user, key: str) -> bool:
        service = _optional(module.replace(".models", ".services"), visible_fn)
        obj = _load(module, model, key)
        if obj is None:
            return False
        if service is not None:
            return bool(service(user, obj))
        return not _hidden(obj) or is_staff(user) or _is_author(user, obj)

    return rule


def _optional(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _ticket_rule(user, key: str) -> bool:
    return event_log.can_see(user, _Audience(f"ticket:{key}"))


def _user_rule(user, key: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and str(user.id) == key


def _moderation_rule(user, key: str) -> bool:
    return is_staff(user)


class _Audience:
    """The smallest thing can_see() reads: an audience string."""

    def __init__(self, audience: str):
        self.audience = audience


_DEFAULT_RULES: dict[str, JoinRule] = {
    "question": _thread_rule("app.qa.models", "Question", "can_view"),
    "idea": _thread_rule("app.ideas.models", "Idea", "can_view"),
    "ticket": _ticket_rule,
    "user": _user_rule,
    MODERATION: _moderation_rule,
}
