"""GET /api/v1/search: the search page's results as JSON."""

from flask import jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.api import bp
from app.api.util import document
from app.core.errors import ValidationError
from app.search import services
from app.search.routes import read_params, record

PARAMS = [
    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 200}},
    {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["question", "idea", "kb"]}},
    {"name": "space", "in": "query", "schema": {"type": "string"}},
    {"name": "tag", "in": "query", "schema": {"type": "string"}},
    {"name": "solved", "in": "query", "schema": {"type": "string", "enum": ["solved", "unsolved"]}},
    {"name": "status", "in": "query", "schema": {"type": "string"}, "description": "idea status"},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "newest", "votes"]}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
]


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
@document("/search", "get", "Search questions, ideas and knowledge-base articles", params=PARAMS)
def search_api():
    q, filters, sort, page = read_params(request.args)
    if not q:
        raise ValidationError(fields={"q": _l("Type something to search for.")})
    result = services.search(q, filters=filters, sort=sort, page=page, user=current_user)
    search_id = record(result, filters, sort, source="api")
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
