"""Tier weights and SLA targets, edited by admins and stored in the database (config is the default)."""

from flask_babel import lazy_gettext as _l

from app.core import events, settings
from app.core.errors import ValidationError
from app.core.permissions import Perm, require
from app.extensions import db

TIERS = ("standard", "gold", "platinum")
PRIORITIES = ("urgent", "high", "normal", "low")
MAX_WEIGHT, MAX_HOURS = 1000, 24 * 365


def _number(form, name: str, low: float, high: float) -> float:
    raw = str(form.get(name, "")).strip()
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValidationError(fields={name: _l("Enter a number from %(low)s to %(high)s.", low=low, high=high)})
    return int(value) if value.is_integer() else value


def parse(form) -> tuple[dict, dict]:
    """Read tier weights and SLA hours from form fields `weight_<tier>`, `sla_<tier>_<priority>_<clock>`."""
    weights = {tier: int(_number(form, f"weight_{tier}", 0, MAX_WEIGHT)) for tier in TIERS}
    sla = {}
    for tier in TIERS:
        sla[tier] = {}
        for priority in PRIORITIES:
            first = _number(form, f"sla_{tier}_{priority}_first", 0.25, MAX_HOURS)
            resolution = _number(form, f"sla_{tier}_{priority}_resolution", 0.25, MAX_HOURS)
            if resolution < first:
                raise ValidationError(
                    fields={f"sla_{tier}_{priority}_resolution": _l("Resolution cannot come before first response.")}
                )
            sla[tier][priority] = [first, resolution]
    return weights, sla


def current() -> tuple[dict, dict]:
    """The tier weights and SLA table in force."""
    return dict(settings.get("TIER_WEIGHTS")), dict(settings.get("TICKET_SLA_HOURS"))


def save(actor, form) -> None:
    """Store new tier weights and SLA targets (admins); the change is an event with before and after."""
    require(actor, Perm.ADMIN)
    weights, sla = parse(form)
    before_weights, before_sla = current()
    for key, before, after in (("TIER_WEIGHTS", before_weights, weights), ("TICKET_SLA_HOURS", before_sla, sla)):
        if _plain(before) == after:
            continue
        settings.put(key, after, actor)
        events.record("settings.changed", actor=actor, subject_type="setting", subject_id=None,
                      audience=events.STAFF, payload={"key": key, "before": _plain(before), "after": after})  # fmt: skip
    db.session.commit()


def _plain(value):
    """Tuples as lists, so a config default compares equal to the same table read from JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
