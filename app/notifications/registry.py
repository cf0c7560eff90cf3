"""Who hears about an event. Domains register recipient rules; the notifications consumer applies them.

    register_recipients("idea.status_changed", rule)

A rule takes an Event and returns an iterable of (user_id, reason) pairs; reason is a short code
such as "voter", "follower", "mention", "author" used in the notification text. The actor of the
event is never notified about their own action.
"""

from collections.abc import Callable, Iterable

RecipientRule = Callable[[object], Iterable[tuple[int, str]]]
_rules: dict[str, list[RecipientRule]] = {}


def register_recipients(kind: str, rule: RecipientRule) -> None:
    """Add a recipient rule for events of `kind`."""
    rules = _rules.setdefault(kind, [])
    if rule not in rules:
        rules.append(rule)


def rules_for(kind: str) -> list[RecipientRule]:
    return list(_rules.get(kind, []))
