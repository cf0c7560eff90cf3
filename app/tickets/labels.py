"""Translatable names for ticket statuses and priorities."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "new": _l("New"),
    "open": _l("Open"),
    "pending_customer": _l("Pending customer"),
    "on_hold": _l("On hold"),
    "solved": _l("Solved"),
    "closed": _l("Closed"),
}
PRIORITY_LABELS = {
    "low": _l("Low"),
    "normal": _l("Normal"),
    "high": _l("High"),
    "urgent": _l("Urgent"),
}
CHANGE_LABELS = {
    "status": _l("Status"),
    "priority": _l("Priority"),
    "assignee": _l("Assignee"),
    "csat": _l("Rating"),
}


def status_label(code) -> str:
    return str(STATUS_LABELS.get(code, code))


def priority_label(code) -> str:
    return str(PRIORITY_LABELS.get(code, code))


def change_label(code) -> str:
    return str(CHANGE_LABELS.get(code, code))
