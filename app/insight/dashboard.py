"""Which measures a viewer sees, and the dashboard's data for the page and the exports."""

from flask_babel import lazy_gettext as _l

from app.core.errors import Forbidden, ValidationError
from app.core.permissions import Perm, can
from app.insight import access, metrics, segments
from app.insight.filters import Filters


def visible_measures(user) -> list[metrics.Measure]:
    """Support leads, admins and partner managers see every measure; product managers the idea ones."""
    access.scope(user)  # raises for customers and anonymous callers
    everything = can(user, Perm.WORK_TICKETS) or can(user, Perm.ADMIN) or access.is_partner_manager(user)
    return [m for m in metrics.MEASURES.values() if everything or m.audience == "ideas"]


def sees_support(user) -> bool:
    return can(user, Perm.WORK_TICKETS) or can(user, Perm.ADMIN) or access.is_partner_manager(user)


def chosen(user, key: str | None) -> list[metrics.Measure]:
    measures = visible_measures(user)
    if not key:
        return measures
    for measure in measures:
        if measure.key == key:
            return [measure]
    if key in metrics.MEASURES:
        raise Forbidden()
    raise ValidationError(fields={"measure": _l("Unknown measure: %(key)s.", key=key)})


def data(user, filters: Filters, key: str | None = None) -> dict:
    """Every chosen measure's series, with its title and definition."""
    out = {"filters": filters.as_args(), "measures": []}
    for measure in chosen(user, key):
        out["measures"].append(
            {
                "key": measure.key,
                "title": str(measure.title),
                "definition": str(measure.definition),
                "unit": measure.unit,
                "fields": list(measure.fields),
                "series": metrics.compute(measure.key, filters),
            }
        )
    if sees_support(user) and key in (None, "root_causes"):
        out["root_causes"] = segments.root_causes(filters)
    if sees_support(user) and key in (None, "segments"):
        out["segments"] = segments.segments(filters)
    return out


def flat_rows(result: dict) -> list[dict]:
    """Long format for CSV: one row per measure, period and field."""
    rows = []
    for measure in result["measures"]:
        for point in measure["series"]:
            for name in measure["fields"]:
                rows.append({"measure": measure["key"], "title": measure["title"], "period": point["period"],
                             "field": name, "value": point.get(name)})  # fmt: skip
    for cause in result.get("root_causes", {}).get("top", []):
        rows.append({"measure": "root_causes", "title": cause["name"], "period": "", "field": "contacts",
                     "value": cause["count"]})  # fmt: skip
    for segment, orgs in result.get("segments", {}).items():
        for org in orgs:
            rows.append({"measure": f"segment_{segment}", "title": org["name"], "period": "", "field": "health",
                         "value": org["health"]})  # fmt: skip
    return rows
