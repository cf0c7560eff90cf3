"""The knowledge base: staff-written articles, also made by promoting accepted answers."""


def init_app(app):
    """Register the knowledge-base pages."""
    from app.demo import register_loader
    from app.kb import demo, models, routes, services  # noqa: F401
    from app.kb.search_documents import ArticleDocuments
    from app.search.providers import register_provider

    app.register_blueprint(routes.bp)
    app.jinja_env.globals["promoted_article_for"] = services.promoted_article_for
    register_loader("kb", demo.load)
    register_provider(app, ArticleDocuments())
