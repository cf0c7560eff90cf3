"""GET /api/v1/search: the search page's results as JSON."""

from typing import Annotated, Literal

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from app.api import bp
from app.api.schema import Query, operation, text
from app.search import services


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


@bp.get("/search")
@operation("Search questions, ideas and knowledge-base articles", query=SearchQuery)
def search_api(query: SearchQuery):
    filters, sort = services.check_params(type=query.type or "", sort=query.sort, solved=query.solved or "", q=query.q)
    filters.space, filters.tag = query.space.strip(), query.tag.strip()
    filters.status, filters.board = query.status.strip(), query.board.strip()
    result = services.search(query.q.strip(), filters=filters, sort=sort, page=query.page, user=current_user)
    return jsonify(
        {
            "query": result.query,
            "total": result.total,
            "page": result.page,
            "pages": result.pages,
            "did_you_mean": result.did_you_mean,
            "corrected_from": result.corrected_from,
            "index_unavailable": result.unavailable,
            "results": [result_json(r) for r in result.results],
        }
    )
