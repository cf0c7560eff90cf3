"""Knowledge-base articles over the API."""

from flask import jsonify, url_for

from app.api import bp
from app.api.util import document, int_arg, json_body, require_user
from app.kb import services

ARTICLE = {
    "type": "object",
    "required": ["title", "body"],
    "properties": {"title": {"type": "string", "maxLength": 200}, "body": {"type": "string"}},
}


def article_json(a, *, full: bool = False) -> dict:
    data = {
        "id": a.id,
        "title": a.title,
        "url": url_for("kb.article", article_id=a.id, slug=a.slug),
        "created_at": a.created_at.isoformat(),
        "updated_at": a.updated_at.isoformat() if a.updated_at else None,
        "source_answer_id": a.source_answer_id,
    }
    if full:
        data.update({"body": a.body, "body_html": a.body_html})
    return data


@bp.get("/kb")
@document("/kb", "get", "List knowledge-base articles")
def list_kb():
    page = services.list_articles(page=int_arg("page", 1))
    return jsonify({"articles": [article_json(a) for a in page.items], "page": page.page, "pages": page.pages})


@bp.get("/kb/<int:article_id>")
@document("/kb/{id}", "get", "One knowledge-base article")
def get_kb(article_id: int):
    return jsonify(article_json(services.get_article(article_id), full=True))


@bp.post("/kb")
@document("/kb", "post", "Write an article (moderators)", body=ARTICLE, auth=True,
          responses={"201": {"description": "Created"}})  # fmt: skip
def create_kb():
    user = require_user()
    data = json_body()
    article = services.create_article(user, title=data.get("title"), body=data.get("body"))
    return jsonify(article_json(article, full=True)), 201


@bp.patch("/kb/<int:article_id>")
@document("/kb/{id}", "patch", "Edit an article (moderators)", body=ARTICLE, auth=True)
def edit_kb(article_id: int):
    user = require_user()
    data = json_body()
    article = services.edit_article(user, article_id, title=data.get("title"), body=data.get("body"))
    return jsonify(article_json(article, full=True))


@bp.post("/answers/<int:answer_id>/promote")
@document("/answers/{id}/promote", "post", "Promote an accepted answer into an article (moderators)", auth=True,
          responses={"201": {"description": "Created"}})  # fmt: skip
def promote_answer_api(answer_id: int):
    user = require_user()
    article = services.promote_answer(user, answer_id)
    return jsonify(article_json(article, full=True)), 201
