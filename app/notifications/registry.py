"""Who hears about an event, and what people may follow. Domains register; notifications applies.

Every registration goes into the app's own registries (`app.core.registries`), from the
domain's `init_app`:

    registry.register_recipients(app, "idea.status_changed", rule)

A rule takes an Event and returns an iterable of (user_id, reason) pairs; reason is a short code
such as "voter", "follower", "mention", "author" used in the notification text. The actor of the
event is never notified about their own action. Registering a rule also opts the event kind into
the default follower rule: followers of the event's thread (see `thread_of`) are notified too.
`register_notification_kind(app, kind)` opts a kind in with the follower rule alone.

Follow targets:

    registry.register_follow_target(app, "idea", exists_fn, can_see_fn, url_fn=..., title_fn=...)

exists_fn(target_id) and can_see_fn(user, target_id) get an int id (or, with key="name", the
normalized name). Nobody can follow an unregistered type or a target they cannot see, and no
notification about a target reaches someone whose can_see_fn says no.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask

from app.core import registries

RecipientRule = Callable[[object], Iterable[tuple[int, str]]]
Effect = Callable[[object], None]

RECIPIENTS = "notifications.recipients"  # [(kind, rule)]
KINDS = "notifications.kinds"  # {kind: KindOptions}
TARGETS = "notifications.follow_targets"  # {target type: FollowTarget}
THREAD_KEYS = "notifications.thread_keys"  # [(payload key, target type)], the last registered wins
MESSAGES = "notifications.messages"  # {kind: lazy string}
REASONS = "notifications.reasons"  # {reason: lazy string}
EFFECTS = "notifications.effects"  # [(kind, effect)]


@dataclass(frozen=True)
class KindOptions:
    followers: bool = True
    actor_key: str | None = None


def register_recipients(app: Flask, kind: str, rule: RecipientRule) -> None:
    """Add a recipient rule for events of `kind`."""
    if (kind, rule) not in registries.items(RECIPIENTS, app):
        registries.add(app, RECIPIENTS, (kind, rule))


def rules_for(kind: str) -> list[RecipientRule]:
    return [rule for rule_kind, rule in registries.items(RECIPIENTS) if rule_kind == kind]


def register_notification_kind(app: Flask, kind: str, *, followers: bool = True, actor_key: str | None = None) -> None:
    """Opt `kind` into notifications; followers=False: only its recipient rules are notified.

    actor_key names a payload field holding the user shown as the actor (and not notified), for
    events recorded by someone else on their behalf (a moderator approving a held post).
    """
    registries.put(app, KINDS, kind, KindOptions(followers, actor_key))


def _options(kind: str) -> KindOptions:
    return registries.lookup(KINDS, kind) or KindOptions()


def actor_of(event) -> int | None:
    """The user a notification about `event` shows as the actor."""
    key = _options(event.kind).actor_key
    value = (event.payload or {}).get(key) if key else None
    return value if isinstance(value, int) and not isinstance(value, bool) else event.actor_id


def notifies_followers(kind: str) -> bool:
    """Tell whether the followers of the event's thread hear about `kind` events."""
    return _options(kind).followers


def notifies(kind: str) -> bool:
    """Tell whether events of `kind` produce notifications at all."""
    return registries.lookup(KINDS, kind) is not None or bool(rules_for(kind))


# --- effects ---------------------------------------------------------------------------------


def register_effect(app: Flask, kind: str, fn: Effect) -> None:
    """Run fn(event) after notifying about `kind` events (auto-follows and the like)."""
    if (kind, fn) not in registries.items(EFFECTS, app):
        registries.add(app, EFFECTS, (kind, fn))


def effects_for(kind: str) -> list[Effect]:
    return [fn for effect_kind, fn in registries.items(EFFECTS) if effect_kind == kind]


# --- follow targets -----------------------------------------------------------------------


@dataclass(frozen=True)
class FollowTarget:
    type: str
    exists: Callable[[object], bool]
    can_see: Callable[[object, object], bool]
    key: str = "id"  # "id": positive integer ids; "name": normalized text keys (tags)
    url: Callable[[object], str | None] | None = None
    title: Callable[[object], str] | None = None


def register_follow_target(
    app: Flask,
    target_type: str,
    exists_fn: Callable[[object], bool],
    can_see_fn: Callable[[object, object], bool],
    *,
    key: str = "id",
    url_fn: Callable[[object], str | None] | None = None,
    title_fn: Callable[[object], str] | None = None,
) -> None:
    """Let people follow targets of `target_type` (validated by exists_fn and can_see_fn)."""
    target = FollowTarget(target_type, exists_fn, can_see_fn, key, url_fn, title_fn)
    registries.put(app, TARGETS, target_type, target)


def follow_target(target_type: str) -> FollowTarget | None:
    return registries.lookup(TARGETS, target_type)


def follow_target_types() -> list[str]:
    return sorted(registries.mapping(TARGETS))


# --- the thread an event belongs to --------------------------------------------------------


def register_thread_key(app: Flask, payload_key: str, target_type: str) -> None:
    """Teach the consumer that `payload[payload_key]` names a `target_type` thread.

    Keys registered later are checked first: a domain whose events also carry the ids of the
    threads it builds on (a ticket's question_id) registers after them (see `app.DOMAINS`).
    """
    if (payload_key, target_type) not in registries.items(THREAD_KEYS, app):
        registries.add(app, THREAD_KEYS, (payload_key, target_type))


def thread_of(event) -> tuple[str, object] | None:
    """The (target_type, target_id) a notification about `event` points at."""
    payload = event.payload or {}
    for payload_key, target_type in reversed(registries.items(THREAD_KEYS)):
        if payload.get(payload_key) is not None:
            return target_type, payload[payload_key]
    if event.subject_type and event.subject_id is not None:
        return event.subject_type, event.subject_id
    return None


# --- how a notification reads --------------------------------------------------------------


def register_message(app: Flask, kind: str, message) -> None:
    """The sentence for notifications of `kind`: a lazy_gettext string with %(actor)s."""
    registries.put(app, MESSAGES, kind, message)


def register_reason(app: Flask, reason: str, message) -> None:
    """The 'why you got this' line for `reason` (a lazy_gettext string)."""
    registries.put(app, REASONS, reason, message)


def message_for(kind: str):
    return registries.lookup(MESSAGES, kind)


def reason_text(reason: str):
    return registries.lookup(REASONS, reason)
