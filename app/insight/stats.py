"""Small statistics helpers shared by the measures (defined here so tests can check them by hand)."""

import math
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.insight.filters import Filters, bucket


def median(values: list[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def p90(values: list[float]) -> float | None:
    """The 90th percentile by nearest rank: the ⌈0.9·n⌉-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def hours(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 3600


def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def where(model, filters: Filters) -> list:
    """The filter conditions that apply to `model` (it may lack a space or partner column)."""
    conditions = []
    pairs = (("tier", filters.tier), ("space_id", filters.space), ("organization_id", filters.organization),
             ("partner_id", filters.partner))  # fmt: skip
    for column, value in pairs:
        if value is not None:
            attr = getattr(model, column, None)
            # A filter the table cannot honour matches nothing rather than everything.
            conditions.append(attr == value if attr is not None else False)
    if filters.scope is not None:
        conditions.append(model.organization_id.in_(filters.scope or [-1]))
    return conditions


def rows(model, time_column, filters: Filters, *columns, extra=()) -> list:
    """Rows of `model` whose `time_column` falls in the filters' range."""
    stmt = select(*(columns or (model,))).where(
        time_column >= filters.start_at, time_column < filters.end_at, *where(model, filters), *extra
    )
    return list(db.session.execute(stmt).all() if columns else db.session.scalars(stmt))


def group(items, key_time, filters: Filters) -> dict[date, list]:
    """Items by the period holding their time."""
    out: dict[date, list] = defaultdict(list)
    for item in items:
        moment = key_time(item)
        day = moment.date() if isinstance(moment, datetime) else moment
        out[bucket(day, filters.period)].append(item)
    return out
