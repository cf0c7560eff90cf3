"""The search-result click redirect and the admin search report."""

from flask import Response, abort, redirect, render_template, request
from flask_login import current_user, login_required

from app.core.permissions import Perm, require
from app.extensions import limiter
from app.search import analytics, services
from app.search.base import TYPES
from app.search.routes import bp


def _click_key() -> str:
    from flask_limiter.util import get_remote_address

    return f"search-click:{get_remote_address()}"


@bp.get("/search/go/<kind>/<int:object_id>")
@limiter.limit("120/minute", key_func=_click_key)
def click(kind: str, object_id: int):
    """Record a click on a search result, then go to the document (only ever a document's own URL)."""
    if kind not in TYPES:
        abort(404)
    hits = services.load_hits([(kind, object_id)])
    if not hits or not _internal(hits[0].url):
        abort(404)
    rank = request.args.get("rank", "")
    if rank.isdigit() and 1 <= int(rank) <= 10_000:
        analytics.record_click(current_user, request.args.get("sid", ""), int(rank), kind, object_id,
                               user_agent=request.headers.get("User-Agent"))  # fmt: skip
    return redirect(hits[0].url, code=303)


def _internal(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


@bp.get("/admin/search")
@login_required
def admin_report():
    require(current_user, Perm.MODERATE)
    days = analytics.check_period(request.args.get("days"))
    report = analytics.build_report(current_user, days)
    return render_template("search/admin_search.html", report=report, periods=analytics.PERIODS,
                           report_languages=analytics.LANGUAGES)  # fmt: skip


@bp.get("/admin/search.csv")
@login_required
def admin_report_csv():
    require(current_user, Perm.MODERATE)
    days = analytics.check_period(request.args.get("days"))
    report = analytics.build_report(current_user, days)
    return Response(
        analytics.report_csv(report),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="search-{days}d.csv"'},
    )
