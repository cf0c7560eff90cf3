"""Who hears about an event, and what people may follow. Domains register; notifications applies.

Recipient rules:

    register_recipients("idea.status_changed", rule)

A rule takes an Event and returns an iterable of (user_id, reason) pairs; reason is a short code
such as "voter", "follower", "mention", "author" used in the notification text. The actor of the
event is never notified about their own action. Registering a rule also opts the event kind into
the default follower rule: followers of the event's thread (see `thread_of`) are notified too.
`register_notification_kind(kind)` opts a kind in with the follower rule alone.

Follow targets:

    register_follow_target("idea", exists_fn, can_see_fn, url_fn=..., title_fn=...)

exists_fn(target_id) and can_see_fn(user, target_id) get an int id (or, with key="name", the
normalized name). Nobody can follow an unregistered type or a target they cannot see, and no
notification about a target reaches someone whose can_see_fn says no.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

RecipientRule = Callable[[object], Iterable[tuple[int, str]]]
_rules: dict[str, list[RecipientRule]] = {}
_kinds: set[str] = set()
_without_followers: set[str] = set()


def register_recipients(kind: str, rule: RecipientRule) -> None:
    """Add a recipient rule for events of `kind`."""
    rules = _rules.setdefault(kind, [])
    if rule not in rules:
        rules.append(rule)
    _kinds.add(kind)


def rules_for(kind: str) -> list[RecipientRule]:
    return list(_rules.get(kind, []))


_actor_keys: dict[str, str] = {}


def register_notification_kind(kind: str, *, followers: bool = True, actor_key: str | None = None) -> None:
    """Opt `kind` into notifications; followers=False: only its recipient rules are notified.

    actor_key names a payload field holding the user shown as the actor (and not notified), for
    events recorded by someone else on their behalf (a moderator approving a held post).
    """
    _kinds.add(kind)
    if actor_key:
        _actor_keys[kind] = actor_key
    if followers:
        _without_followers.discard(kind)
    else:
        _without_followers.add(kind)


def actor_of(event) -> int | None:
    """The user a notification about `event` shows as the actor."""
    key = _actor_keys.get(event.kind)
    value = (event.payload or {}).get(key) if key else None
    return value if isinstance(value, int) and not isinstance(value, bool) else event.actor_id


def notifies_followers(kind: str) -> bool:
    """Tell whether the followers of the event's thread hear about `kind` events."""
    return kind not in _without_followers


def notifies(kind: str) -> bool:
    """Tell whether events of `kind` produce notifications at all."""
    return kind in _kinds


# --- follow targets -----------------------------------------------------------------------


@dataclass(frozen=True)
class FollowTarget:
    type: str
    exists: Callable[[object], bool]
    can_see: Callable[[object, object], bool]
    key: str = "id"  # "id": positive integer ids; "name": normalized text keys (tags)
    url: Callable[[object], str | None] | None = None
    title: Callable[[object], str] | None = None


_targets: dict[str, FollowTarget] = {}


def register_follow_target(
    target_type: str,
    exists_fn: Callable[[object], bool],
    can_see_fn: Callable[[object, object], bool],
    *,
    key: str = "id",
    url_fn: Callable[[object], str | None] | None = None,
    title_fn: Callable[[object], str] | None = None,
) -> None:
    """Let people follow targets of `target_type` (validated by exists_fn and can_see_fn)."""
    _targets[target_type] = FollowTarget(target_type, exists_fn, can_see_fn, key, url_fn, title_fn)


def follow_target(target_type: str) -> FollowTarget | None:
    return _targets.get(target_type)


def follow_target_types() -> list[str]:
    return sorted(_targets)


# --- the thread an event belongs to --------------------------------------------------------

# Payload keys naming the thread, most specific first; domains may add their own.
THREAD_KEYS: list[tuple[str, str]] = [("ticket_id", "ticket"), ("idea_id", "idea"), ("question_id", "question")]


def register_thread_key(payload_key: str, target_type: str) -> None:
    """Teach the consumer that `payload[payload_key]` names a `target_type` thread."""
    if (payload_key, target_type) not in THREAD_KEYS:
        THREAD_KEYS.insert(0, (payload_key, target_type))


def thread_of(event) -> tuple[str, object] | None:
    """The (target_type, target_id) a notification about `event` points at."""
    payload = event.payload or {}
    for payload_key, target_type in THREAD_KEYS:
        if payload.get(payload_key) is not None:
            return target_type, payload[payload_key]
    if event.subject_type and event.subject_id is not None:
        return event.subject_type, event.subject_id
    return None


# --- how a notification reads --------------------------------------------------------------

_messages: dict[str, object] = {}
_reasons: dict[str, object] = {}


def register_message(kind: str, message) -> None:
    """The sentence for notifications of `kind`: a lazy_gettext string with %(actor)s."""
    _messages[kind] = message


def register_reason(reason: str, message) -> None:
    """The 'why you got this' line for `reason` (a lazy_gettext string)."""
    _reasons[reason] = message


def message_for(kind: str):
    return _messages.get(kind)


def reason_text(reason: str):
    return _reasons.get(reason)
