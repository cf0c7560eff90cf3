"""The search page."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from app.core import registries
from app.search import analytics, services
from app.search.params import read_params

bp = Blueprint("search", __name__, template_folder="templates")


@bp.get("/search")
def search():
    q, filters, sort, page = read_params(request.args)
    result = services.search(q, filters=filters, sort=sort, page=page, user=current_user) if q else None
    search_id = _continued_search(page) or (
        analytics.record_page(result, filters, sort, source="page") if result else None
    )
    return render_template(
        "search/search.html", q=q, filters=filters, sort=sort, result=result, page_url=_page_url,
        search_id=search_id, first_rank=(page - 1) * services.PER_PAGE + 1,
        idea_statuses=list(_idea_status_labels().items()), idea_status_labels=_idea_status_labels(),
    )  # fmt: skip


def _continued_search(page: int) -> str | None:
    """On a later page reached by the pager, keep the first page's search id: one search, not several."""
    sid = request.args.get("sid")
    return sid if page > 1 and analytics.valid_search_id(sid) else None


def _page_url(page: int, search_id: str | None = None) -> str:
    args = {k: v for k, v in request.args.items() if k not in ("page", "sid") and v}
    return url_for("search.search", **args, page=page, **({"sid": search_id} if search_id else {}))


def _idea_status_labels() -> dict:
    return registries.lookup("search.status_labels", "idea", {})
