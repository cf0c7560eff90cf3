"""Knowledge-base articles over the API."""

from typing import Annotated

from flask import jsonify, url_for
from pydantic import Field

from app.api import bp
from app.api.schema import Body, Query, operation, text, title_text
from app.api.util import require_user
from app.kb import services
from app.kb.services import BODY_MAX, TITLE_MAX, TITLE_MIN


class NewArticle(Body):
    title: title_text(TITLE_MAX, min_width=TITLE_MIN)
    body: text(BODY_MAX)


class ArticleEdit(Body):
    title: title_text(TITLE_MAX, min_width=TITLE_MIN) = None
    body: text(BODY_MAX) = None


class Page(Query):
    page: Annotated[int, Field(ge=1, le=10_000)] = 1


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
@operation("List knowledge-base articles", query=Page)
def list_kb(query: Page):
    page = services.list_articles(page=query.page)
    return jsonify({"articles": [article_json(a) for a in page.items], "page": page.page, "pages": page.pages})


@bp.get("/kb/<int:id>")
@operation("One knowledge-base article")
def get_kb(id: int):
    return jsonify(article_json(services.get_article(id), full=True))


@bp.post("/kb")
@operation("Write an article (moderators)", body=NewArticle, auth=True, status=201)
def create_kb(body: NewArticle):
    user = require_user()
    article = services.create_article(user, title=body.title, body=body.body)
    return jsonify(article_json(article, full=True)), 201


@bp.patch("/kb/<int:id>")
@operation("Edit an article (moderators)", body=ArticleEdit, auth=True)
def edit_kb(id: int, body: ArticleEdit):
    user = require_user()
    article = services.edit_article(user, id, title=body.title, body=body.body)
    return jsonify(article_json(article, full=True))


@bp.post("/answers/<int:id>/promote")
@operation("Promote an accepted answer into an article (moderators)", auth=True, status=201, errors=(409,))
def promote_answer_api(id: int):
    user = require_user()
    article = services.promote_answer(user, id)
    return jsonify(article_json(article, full=True)), 201
