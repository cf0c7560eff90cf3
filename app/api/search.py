"""GET /api/v1/search: the search page's results as JSON."""

from typing import Annotated, Literal

from flask import jsonify, url_for
from flask_login import current_user
from pydantic import Field

from app.api import bp
from app.api.schema import Query, operation, text
from app.search import analytics, services


class SearchQuery(Query):
    q: text(services.MAX_QUERY)
    type: Literal[tuple(services.TYPES)] | None = None
    space: Annotated[str, Field(max_length=80)] = ""
    tag: Annotated[str, Field(max_length=64)] = ""
    solved: Literal["solved", "unsolved"] | None = None
    status: Annotated[str, Field(max_length=16, description="idea status")] = ""
    board: Annotated[str, Field(max_length=80)] = ""
    sort: Literal[tuple(services.SORTS)] = "relevance"
    page: Annotated[int, Field(ge=1, le=1000)] = 1


def result_json(r) -> dict:
    return {
        "type": r.hit.kind,
        "id": r.hit.object_id,
        "title": r.hit.title,
        "url": r.hit.url,
        "title_html": str(r.title_html),
        "snippet_html": str(r.snippet_html),
        "created_at": r.hit.created.isoformat(),
        **r.hit.meta,
    }


def click_url(r, search_id: str | None, rank: int) -> str:
    """Where a client should send someone who picks this result, so the click is counted."""
    if not search_id:
        return r.hit.url
    return url_for("search.click", kind=r.hit.kind, object_id=r.hit.object_id, sid=search_id, rank=rank)


@bp.get("/search")
@operation("Search questions, ideas and knowledge-base articles", query=SearchQuery)
def search_api(query: SearchQuery):
    filters, sort = services.check_params(type=query.type or "", sort=query.sort, solved=query.solved or "", q=query.q)
    filters.space, filters.tag = query.space.strip(), query.tag.strip()
    filters.status, filters.board = query.status.strip(), query.board.strip()
    result = services.search(query.q.strip(), filters=filters, sort=sort, page=query.page, user=current_user)
    search_id = analytics.record_page(result, filters, sort, source="api")
    return jsonify(
        {
            "search_id": search_id,
            "query": result.query,
            "total": result.total,
            "page": result.page,
            "pages": result.pages,
            "did_you_mean": result.did_you_mean,
            "corrected_from": result.corrected_from,
            "index_unavailable": result.unavailable,
            "results": [
                result_json(r) | {"click_url": click_url(r, search_id, (result.page - 1) * result.per_page + i)}
                for i, r in enumerate(result.results, start=1)
            ],
        }
    )
