"""The search page."""

from dataclasses import asdict

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from app.core import registries
from app.core.errors import ValidationError
from app.search import analytics, services
from app.search.base import Filters

bp = Blueprint("search", __name__, template_folder="templates")


def read_params(args) -> tuple[str, Filters, str, int]:
    """Query text, filters, sort and page from request arguments (a 400 names a bad one)."""
    filters, sort = services.check_params(
        type=args.get("type", ""), sort=args.get("sort") or "relevance", solved=args.get("solved", ""),
        q=args.get("q", ""),
    )  # fmt: skip
    filters.space = (args.get("space") or "").strip()[:80]
    filters.tag = (args.get("tag") or "").strip()[:64]
    filters.status = (args.get("status") or "").strip()[:16]
    filters.board = (args.get("board") or "").strip()[:80]
    raw_page = args.get("page") or "1"
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= 1000:
        raise ValidationError(fields={"page": "1–1000"})
    return (args.get("q") or "").strip(), filters, sort, int(raw_page)


@bp.get("/search")
def search():
    q, filters, sort, page = read_params(request.args)
    result = services.search(q, filters=filters, sort=sort, page=page, user=current_user) if q else None
    search_id = _continued_search(page) or (record(result, filters, sort, source="page") if result else None)
    return render_template(
        "search/search.html", q=q, filters=filters, sort=sort, result=result, page_url=_page_url,
        search_id=search_id, first_rank=(page - 1) * services.PER_PAGE + 1,
        idea_statuses=list(_idea_status_labels().items()), idea_status_labels=_idea_status_labels(),
    )  # fmt: skip


def record(result: services.SearchPage, filters, sort: str, *, source: str) -> str | None:
    """Record the search for the analytics report (never fails the search)."""
    facets = {
        **asdict(filters),
        "sort": sort if sort != "relevance" else "",
        "page": result.page if result.page > 1 else "",
    }
    return analytics.record_search(current_user, result.query, result.total, facets, source=source,
                                   user_agent=request.headers.get("User-Agent"))  # fmt: skip


def _continued_search(page: int) -> str | None:
    """On a later page reached by the pager, keep the first page's search id: one search, not several."""
    sid = request.args.get("sid")
    return sid if page > 1 and analytics.valid_search_id(sid) else None


def _page_url(page: int, search_id: str | None = None) -> str:
    args = {k: v for k, v in request.args.items() if k not in ("page", "sid") and v}
    return url_for("search.search", **args, page=page, **({"sid": search_id} if search_id else {}))


def _idea_status_labels() -> dict:
    return registries.lookup("search.status_labels", "idea", {})


from app.search import analytics_routes  # noqa: E402,F401  (the click redirect and the admin report)
