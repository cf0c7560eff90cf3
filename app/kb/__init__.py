"""The knowledge base: staff-written articles, also made by promoting accepted answers."""

from flask import Flask

from app.core import slots
from app.demo import register_loader
from app.kb import demo, routes, services
from app.kb.search_documents import ArticleDocuments
from app.search.providers import register_provider


def init_app(app: Flask) -> None:
    """Register the knowledge-base pages, the promote button on accepted answers and the demo loader."""
    app.register_blueprint(routes.bp)
    app.jinja_env.globals["promoted_article_for"] = services.promoted_article_for
    slots.register_partial(app, "answer.accepted_actions", "kb/_promote.html")
    register_loader(app, "kb", demo.load)
    register_provider(app, ArticleDocuments())
