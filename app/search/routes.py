"""The search page."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from app.core import registries
from app.search import services
from app.search.params import read_params

bp = Blueprint("search", __name__, template_folder="templates")


@bp.get("/search")
def search():
    q, filters, sort, page = read_params(request.args)
    result = services.search(q, filters=filters, sort=sort, page=page, user=current_user) if q else None
    return render_template(
        "search/search.html", q=q, filters=filters, sort=sort, result=result, page_url=_page_url,
        idea_statuses=list(_idea_status_labels().items()), idea_status_labels=_idea_status_labels(),
    )  # fmt: skip


def _page_url(page: int) -> str:
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return url_for("search.search", **args, page=page)


def _idea_status_labels() -> dict:
    return registries.lookup("search.status_labels", "idea", {})
