"""Jinja globals and filters: locale-aware dates and numbers, permissions, languages."""

from flask import Flask, current_app, has_request_context
from flask_babel import format_datetime, format_decimal, get_locale
from flask_babel import format_timedelta as babel_timedelta
from flask_login import current_user

from app.core import permissions, registries, slots
from app.core.i18n import html_lang
from app.core.labels import role_label, tier_label
from app.core.timeutil import utcnow


def _datetime(value, fmt: str = "medium") -> str:
    return format_datetime(value, fmt) if value else ""


def _ago(value) -> str:
    if not value:
        return ""
    return babel_timedelta(value - utcnow(), add_direction=True)


def _number(value) -> str:
    return format_decimal(value or 0)


# A domain may plug in the layout's unread count: registries.put(app, UNREAD_COUNTER, name, fn).
UNREAD_COUNTER = "layout.unread_counter"


def _viewer():
    """The signed-in user, or None (also when a mail is rendered outside any request)."""
    return current_user._get_current_object() if has_request_context() else None


def _unread_notifications(viewer) -> int:
    counters = registries.mapping(UNREAD_COUNTER).values()
    if not counters or viewer is None or not viewer.is_authenticated:
        return 0
    return sum(counter(viewer) for counter in counters)


def _template_context() -> dict:
    locale = str(get_locale() or "en")
    viewer = _viewer()
    return {
        "languages": current_app.config["LANGUAGES"],
        "current_locale": locale,
        "html_lang": html_lang(locale),
        "can": lambda perm: permissions.can(viewer, permissions.Perm(perm)),
        "is_staff": permissions.is_staff(viewer),
        "has_endpoint": lambda name: name in current_app.view_functions,
        "unread_notifications": _unread_notifications(viewer),
        "role_label": role_label,
        "tier_label": tier_label,
    }


def register(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["ago"] = _ago
    app.jinja_env.filters["number"] = _number
    app.context_processor(_template_context)
    slots.init_app(app)
