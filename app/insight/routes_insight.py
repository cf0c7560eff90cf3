"""Customer 360 pages (staff; partner managers for their customers), with CSV and JSON export."""

from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required

from app.insight import customer, exports, labels
from app.insight.routes import bp


def _render(template: str, view: dict, filename: str, **extra):
    fmt = request.args.get("format")
    if fmt == "csv":
        return exports.csv_response(customer.export_rows(view), filename)
    if fmt == "json":
        data = {k: v for k, v in view.items() if k in ("tier", "summary", "health", "health_formula")}
        data["timeline"] = customer.export_rows(view)
        return exports.json_response(data, filename)
    if fmt:
        abort(400)
    args = {**request.view_args, **extra["filters"].as_args()}

    def export_url(fmt: str) -> str:
        return url_for(request.endpoint, **args, format=fmt)

    return render_template(
        template, view=view, kinds=labels.FILTER_KINDS, kind_label=labels.kind_label, export_url=export_url, **extra
    )


@bp.get("/people/<int:user_id>")
@login_required
def person(user_id: int):
    filters = customer.parse_timeline_filters(request.args)
    view = customer.person_360(current_user, user_id, filters)
    return _render("insight/person.html", view, f"person-{user_id}", filters=filters)


@bp.get("/organizations/<int:organization_id>")
@login_required
def organization(organization_id: int):
    filters = customer.parse_timeline_filters(request.args)
    view = customer.organization_360(current_user, organization_id, filters)
    names = {m.id: m.display_name for m in view["members"]}
    return _render(
        "insight/organization.html", view, f"organization-{organization_id}", filters=filters, member_names=names
    )
