"""Customer insight: measures, organizations, timelines and root causes (staff; partner managers: their customers).

Written in the current `@document` style; the schema-driven API edge converts it after merge.
"""

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.util import document, int_arg, json_body, require_user
from app.core.errors import ValidationError
from app.insight import access, customer, dashboard, filters, organizations, root_causes

METRIC_PARAMS = [
    {"name": name, "in": "query", "required": False, "schema": schema}
    for name, schema in (
        ("measure", {"type": "string"}),
        ("period", {"type": "string", "enum": ["week", "month"]}),
        ("from", {"type": "string", "format": "date"}),
        ("to", {"type": "string", "format": "date"}),
        ("tier", {"type": "string", "enum": ["standard", "gold", "platinum"]}),
        ("space", {"type": "integer"}),
        ("organization", {"type": "integer"}),
        ("partner", {"type": "integer"}),
    )
]
TIMELINE_PARAMS = [
    {"name": "kind", "in": "query", "required": False, "schema": {"type": "string"}},
    {"name": "from", "in": "query", "required": False, "schema": {"type": "string", "format": "date"}},
    {"name": "to", "in": "query", "required": False, "schema": {"type": "string", "format": "date"}},
    {"name": "before", "in": "query", "required": False, "schema": {"type": "integer"}},
    {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
]
ROOT_CAUSE = {
    "type": "object",
    "required": ["name_en"],
    "properties": {
        "name_en": {"type": "string", "maxLength": 80},
        "name_zh_hans": {"type": "string", "maxLength": 80},
        "name_zh_hant": {"type": "string", "maxLength": 80},
        "position": {"type": "integer"},
    },
}


def organization_json(org) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "tier": org.tier,
        "account_manager": {"id": org.account_manager.id, "display_name": org.account_manager.display_name}
        if org.account_manager
        else None,
        "partner": {"id": org.partner.id, "name": org.partner.name} if org.partner else None,
        "domains": [d.domain for d in org.domains],
        "created_at": org.created_at.isoformat(),
    }


def _timeline_filters() -> customer.TimelineFilters:
    chosen = customer.parse_timeline_filters(request.args)
    chosen.before = int_arg("before", 0, minimum=0, maximum=2**31) or None
    chosen.limit = int_arg("limit", 50, maximum=customer.TIMELINE_LIMIT)
    return chosen


def _timeline_json(view: dict, chosen) -> dict:
    rows = customer.export_rows(view)
    more = len(rows) == chosen.limit
    return {"timeline": rows, "next_before": rows[-1]["event_id"] if more else None}


@bp.get("/insight/metrics")
@document("/insight/metrics", "get", "One series per measure, by week or month", auth=True, params=METRIC_PARAMS)
def insight_metrics():
    user = require_user()
    chosen = filters.parse(user, request.args)
    return jsonify(dashboard.data(user, chosen, request.args.get("measure") or None))


@bp.get("/organizations")
@document("/organizations", "get", "Organizations the caller may see in insight", auth=True)
def list_organizations():
    user = require_user()
    allowed = access.scope(user)
    orgs = [o for o in organizations.list_organizations(request.args.get("q")) if allowed is None or o.id in allowed]
    return jsonify({"organizations": [organization_json(o) for o in orgs]})


@bp.get("/organizations/<int:organization_id>")
@document("/organizations/{id}", "get", "One organization with its 360 summary", auth=True)
def get_organization(organization_id: int):
    user = require_user()
    view = customer.organization_360(user, organization_id, customer.TimelineFilters(limit=1))
    data = organization_json(view["organization"])
    summary = view["summary"]
    for key in ("first_contact", "last_contact"):
        summary[key] = summary[key].isoformat() if summary[key] else None
    data.update({"summary": summary, "health": view["health"], "health_formula": view["health_formula"],
                 "members": len(view["members"]), "open_tickets": len(view["tickets"]["open"])})  # fmt: skip
    return jsonify(data)


@bp.get("/organizations/<int:organization_id>/timeline")
@document("/organizations/{id}/timeline", "get", "An organization's contacts, newest first (paged)", auth=True,
          params=TIMELINE_PARAMS)  # fmt: skip
def organization_timeline(organization_id: int):
    user = require_user()
    chosen = _timeline_filters()
    return jsonify(_timeline_json(customer.organization_360(user, organization_id, chosen), chosen))


@bp.get("/users/<int:user_id>/timeline")
@document("/users/{id}/timeline", "get", "A person's contacts, newest first (paged)", auth=True, params=TIMELINE_PARAMS)
def user_timeline(user_id: int):
    user = require_user()
    chosen = _timeline_filters()
    return jsonify(_timeline_json(customer.person_360(user, user_id, chosen), chosen))


@bp.get("/root-causes")
@document("/root-causes", "get", "The root-cause list (staff)", auth=True)
def list_root_causes():
    user = require_user()
    access.scope(user)
    return jsonify({"root_causes": [_cause_json(c) for c in root_causes.all_root_causes()]})


@bp.post("/root-causes")
@document("/root-causes", "post", "Add a root cause (admins)", auth=True, body=ROOT_CAUSE,
          responses={"201": {"description": "Created"}})  # fmt: skip
def create_root_cause():
    user = require_user()
    data = json_body()
    for key in ("name_en", "name_zh_hans", "name_zh_hant"):
        if key in data and not isinstance(data[key], str):
            raise ValidationError(fields={key: _l("Must be a string.")})
    cause = root_causes.create_root_cause(user, data)
    return jsonify(_cause_json(cause)), 201


def _cause_json(cause) -> dict:
    return {"id": cause.id, "name_en": cause.name_en, "name_zh_hans": cause.name_zh_hans,
            "name_zh_hant": cause.name_zh_hant, "active": cause.is_active, "position": cause.position}  # fmt: skip
