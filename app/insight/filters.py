"""Dashboard filters: period (week or month), date range, tier, space, organization and partner."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from app.core.errors import ValidationError
from app.core.timeutil import utcnow
from app.insight import access

PERIODS = ("week", "month")
TIERS = ("standard", "gold", "platinum")
MAX_DAYS = 3 * 366


@dataclass
class Filters:
    period: str = "week"
    start: date | None = None
    end: date | None = None
    tier: str | None = None
    space: int | None = None
    organization: int | None = None
    partner: int | None = None
    # None: every organization; a list: only these (a partner manager's customers).
    scope: list[int] | None = None

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def end_at(self) -> datetime:
        """The end of the last day (exclusive)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    def as_args(self) -> dict:
        args = {"period": self.period, "from": self.start.isoformat(), "to": self.end.isoformat()}
        for key in ("tier", "space", "organization", "partner"):
            if getattr(self, key) is not None:
                args[key] = getattr(self, key)
        return args


def _int(args, name: str) -> int | None:
    value = args.get(name)
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise ValidationError(fields={name: _l("Use a number.")})
    return int(value)


def _day(args, name: str) -> date | None:
    value = args.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(fields={name: _l("Use a date such as 2026-01-31.")}) from None


def parse(actor, args, today: date | None = None) -> Filters:
    """Read and check the filters; a partner manager is confined to its customer organizations."""
    scope = access.scope(actor)
    period = args.get("period") or "week"
    if period not in PERIODS:
        raise ValidationError(fields={"period": _l("Use one of: %(choices)s.", choices=", ".join(PERIODS))})
    tier = args.get("tier") or None
    if tier and tier not in TIERS:
        raise ValidationError(fields={"tier": _l("Use one of: %(choices)s.", choices=", ".join(TIERS))})
    today = today or utcnow().date()
    end = _day(args, "to") or today
    start = _day(args, "from") or end - timedelta(days=7 * 12 if period == "week" else 365)
    if start > end:
        raise ValidationError(fields={"to": _l("The end comes before the start.")})
    if (end - start).days > MAX_DAYS:
        raise ValidationError(fields={"from": _l("Choose at most three years.")})
    filters = Filters(period, start, end, tier, _int(args, "space"), _int(args, "organization"), _int(args, "partner"))
    filters.scope = scope
    if scope is not None and filters.organization is not None and filters.organization not in scope:
        raise ValidationError(fields={"organization": _l("There is no such organization.")})
    return filters


def bucket(day: date, period: str) -> date:
    """The first day of the week (Monday) or month holding `day`."""
    if period == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def buckets(filters: Filters) -> list[date]:
    """Every period start from the filters' start to their end."""
    out, current = [], bucket(filters.start, filters.period)
    while current <= filters.end:
        out.append(current)
        if filters.period == "month":
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            current += timedelta(days=7)
    return out
