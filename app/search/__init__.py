"""Search over questions, ideas and knowledge-base articles (derived from the database)."""


def init_app(app):
    """Register the search page, the CLI, the indexing consumer and the start-up index check."""
    from app import on_serve
    from app.search import analytics, analytics_routes, cli, indexer, models, routes  # noqa: F401  (analytics_routes adds views to routes.bp)

    backend = app.config.get("SEARCH_BACKEND", "whoosh")
    if backend not in ("whoosh", "postgres"):
        raise RuntimeError(f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {backend!r}")
    if backend == "postgres" and not str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        raise RuntimeError("SEARCH_BACKEND='postgres' needs a PostgreSQL DATABASE_URL")

    app.register_blueprint(routes.bp)
    app.register_blueprint(cli.bp)
    indexer.register(app)
    analytics.register(app)
    if app.config.get("SEARCH_CHECK_ON_START", True):
        on_serve(app, indexer.check_on_start)
