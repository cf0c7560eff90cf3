"""The insight blueprint, its template helpers and the Chart.js file from node_modules."""

import os

from flask import Blueprint, abort, current_app, request, send_from_directory, url_for

from app.core.security import safe_next

bp = Blueprint("insight", __name__, url_prefix="/insight", template_folder="templates", static_folder="static")

CHART_FILES = {"chart.umd.js", "chart.umd.js.map", "chart.umd.min.js"}


@bp.get("/vendor/chart.js/<path:filename>")
def chart_vendor(filename: str):
    if filename not in CHART_FILES:
        abort(404)
    folder = os.path.join(os.path.dirname(current_app.root_path), "node_modules", "chart.js", "dist")
    return send_from_directory(folder, filename, max_age=3600)


def back(default_endpoint: str, **values) -> str:
    """Where to go after a form: a safe relative `next`, else the default page."""
    return safe_next(request.form.get("next") or request.args.get("next"), url_for(default_endpoint, **values))


def register_template_helpers(app) -> None:
    from app.insight import access, panel

    app.jinja_env.globals["insight_ticket_panel"] = panel.ticket_panel
    app.jinja_env.globals["can_see_insight"] = access.can_see_insight
