"""Per-app registries: domains fill them from their own `init_app`; the platform only reads them.

The platform (search, realtime, notifications, insight, templates) never imports a domain. A
domain plugs in by adding entries under a name the platform documents, for example::

    registries.add(app, "search.documents", QuestionDocuments())
    registries.put(app, "realtime.rooms", "idea", can_join_idea)

Registries live in `app.extensions`, so each app (and each test) has its own and nothing leaks
between them.
"""

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

_KEY = "kith_registries"


def _store(app: Flask | None) -> dict[str, Any]:
    return (app or current_app).extensions.setdefault(_KEY, {})


def add(app: Flask, name: str, item: Any) -> Any:
    """Append `item` to the list registry `name` of `app`; return the item (usable as a decorator)."""
    _store(app).setdefault(name, []).append(item)
    return item


def put(app: Flask, name: str, key: str, item: Any) -> Any:
    """Set `key` in the mapping registry `name` of `app`; a key registered twice is a wiring bug."""
    mapping = _store(app).setdefault(name, {})
    if key in mapping and mapping[key] is not item:
        raise ValueError(f"{name}: {key!r} is already registered")
    mapping[key] = item
    return item


def items(name: str, app: Flask | None = None) -> list:
    """The entries of list registry `name` (the current app's unless `app` is given)."""
    return list(_store(app).get(name, []))


def mapping(name: str, app: Flask | None = None) -> dict:
    """The entries of mapping registry `name` (the current app's unless `app` is given)."""
    return dict(_store(app).get(name, {}))


def lookup(name: str, key: str, default: Any = None, app: Flask | None = None) -> Any:
    """One entry of mapping registry `name`, or `default`."""
    return _store(app).get(name, {}).get(key, default)


def call_all(name: str, *args: Any, app: Flask | None = None, **kwargs: Any) -> list:
    """Call every callable in list registry `name` with the same arguments; return their results."""
    hooks: list[Callable] = items(name, app)
    return [hook(*args, **kwargs) for hook in hooks]
