"""Customer insight: measures, organizations, timelines and root causes (staff; partner managers: their customers)."""

from datetime import date
from typing import Annotated, Literal

from flask import jsonify, request
from pydantic import Field

from app.api import bp
from app.api.schema import Body, Id, Query, operation, text
from app.api.util import require_user
from app.insight import access, customer, dashboard, filters, organizations, root_causes


class MetricsQuery(Query):
    measure: Annotated[str, Field(max_length=64)] = ""
    period: Literal["week", "month"] = "week"
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    tier: Literal["standard", "gold", "platinum"] | None = None
    space: Id | None = None
    organization: Id | None = None
    partner: Id | None = None


class TimelineQuery(Query):
    kind: Annotated[str, Field(max_length=32)] = ""
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    before: Id | None = None
    limit: Annotated[int, Field(ge=1, le=customer.TIMELINE_LIMIT)] = 50


class NewRootCause(Body):
    name_en: text(80, one_line=True)
    name_zh_hans: Annotated[str, Field(max_length=80)] = ""
    name_zh_hant: Annotated[str, Field(max_length=80)] = ""
    position: Annotated[int, Field(ge=0, le=10_000)] = 0


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


def _timeline_filters(query: TimelineQuery) -> customer.TimelineFilters:
    chosen = customer.parse_timeline_filters(request.args)
    chosen.before = query.before
    chosen.limit = query.limit
    return chosen


def _timeline_json(view: dict, chosen) -> dict:
    rows = customer.export_rows(view)
    more = len(rows) == chosen.limit
    return {"timeline": rows, "next_before": rows[-1]["event_id"] if more else None}


@bp.get("/insight/metrics")
@operation("One series per measure, by week or month", query=MetricsQuery, auth=True, errors=(403,))
def insight_metrics(query: MetricsQuery):
    user = require_user()
    chosen = filters.parse(user, request.args)
    return jsonify(dashboard.data(user, chosen, request.args.get("measure") or None))


@bp.get("/organizations")
@operation("Organizations the caller may see in insight", auth=True, errors=(403,))
def list_organizations():
    user = require_user()
    allowed = access.scope(user)
    orgs = [o for o in organizations.list_organizations(request.args.get("q")) if allowed is None or o.id in allowed]
    return jsonify({"organizations": [organization_json(o) for o in orgs]})


@bp.get("/organizations/<int:id>")
@operation("One organization with its 360 summary", auth=True, errors=(403, 404))
def get_organization(id: int):
    user = require_user()
    view = customer.organization_360(user, id, customer.TimelineFilters(limit=1))
    data = organization_json(view["organization"])
    summary = view["summary"]
    for key in ("first_contact", "last_contact"):
        summary[key] = summary[key].isoformat() if summary[key] else None
    data.update({"summary": summary, "health": view["health"], "health_formula": view["health_formula"],
                 "members": len(view["members"]), "open_tickets": len(view["tickets"]["open"])})  # fmt: skip
    return jsonify(data)


@bp.get("/organizations/<int:id>/timeline")
@operation("An organization's contacts, newest first (paged)", query=TimelineQuery, auth=True, errors=(403, 404))
def organization_timeline(id: int, query: TimelineQuery):
    user = require_user()
    chosen = _timeline_filters(query)
    return jsonify(_timeline_json(customer.organization_360(user, id, chosen), chosen))


@bp.get("/users/<int:id>/timeline")
@operation("A person's contacts, newest first (paged)", query=TimelineQuery, auth=True, errors=(403, 404))
def user_timeline(id: int, query: TimelineQuery):
    user = require_user()
    chosen = _timeline_filters(query)
    return jsonify(_timeline_json(customer.person_360(user, id, chosen), chosen))


@bp.get("/root-causes")
@operation("The root-cause list (staff)", auth=True, errors=(403,))
def list_root_causes():
    user = require_user()
    access.scope(user)
    return jsonify({"root_causes": [_cause_json(c) for c in root_causes.all_root_causes()]})


@bp.post("/root-causes")
@operation("Add a root cause (admins)", body=NewRootCause, auth=True, status=201, errors=(403, 409))
def create_root_cause(body: NewRootCause):
    user = require_user()
    cause = root_causes.create_root_cause(user, body.model_dump())
    return jsonify(_cause_json(cause)), 201


def _cause_json(cause) -> dict:
    return {"id": cause.id, "name_en": cause.name_en, "name_zh_hans": cause.name_zh_hans,
            "name_zh_hant": cause.name_zh_hant, "active": cause.is_active, "position": cause.position}  # fmt: skip
