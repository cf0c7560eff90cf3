"""The insight dashboard and its CSV / JSON export (support leads, admins; product managers: idea measures)."""

from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required

from app.insight import dashboard, exports, filters, metrics, organizations, segments
from app.insight.routes import bp


@bp.get("/")
@login_required
def dashboard_page():
    chosen = filters.parse(current_user, request.args)
    result = dashboard.data(current_user, chosen)
    orgs = organizations.list_organizations()
    if chosen.scope is not None:
        orgs = [o for o in orgs if o.id in chosen.scope]

    def export_url(fmt: str, measure: str | None = None) -> str:
        return url_for("insight.export", **chosen.as_args(), format=fmt, **({"measure": measure} if measure else {}))

    return render_template(
        "insight/dashboard.html",
        export_url=export_url,
        result=result,
        filters=chosen,
        organizations=orgs,
        partners=[o for o in organizations.list_organizations() if o.id in _partner_ids(orgs)],
        spaces=_spaces(),
        segment_rules=segments.SEGMENT_RULES,
        field_labels=metrics.field_labels(),
    )


# The navigation link and older bookmarks use this name.
bp.add_url_rule("/", endpoint="dashboard", view_func=dashboard_page)


@bp.get("/export")
@login_required
def export():
    chosen = filters.parse(current_user, request.args)
    result = dashboard.data(current_user, chosen, request.args.get("measure") or None)
    name = f"insight-{request.args.get('measure') or 'all'}-{chosen.start}-{chosen.end}"
    fmt = request.args.get("format", "csv")
    if fmt == "csv":
        return exports.csv_response(dashboard.flat_rows(result), name)
    if fmt == "json":
        return exports.json_response(result, name)
    abort(400)


def _partner_ids(orgs) -> set[int]:
    return {o.partner_id for o in orgs if o.partner_id}


def _spaces():
    try:
        from app.qa import queries

        return queries.spaces()
    except Exception:  # noqa: BLE001  (the dashboard works without the Q&A domain)
        return []
