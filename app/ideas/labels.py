"""Translatable names for idea statuses and board sort orders."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "open": _l("Open"),
    "under_review": _l("Under review"),
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "declined": _l("Declined"),
    "duplicate": _l("Duplicate"),
}
SORT_LABELS = {
    "top": _l("Top"),
    "weighted": _l("Weighted demand"),
    "newest": _l("Newest"),
    "trending": _l("Trending"),
}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))
