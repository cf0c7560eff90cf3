"""The knowledge base: staff-written articles, also made by promoting accepted answers."""


def init_app(app):
    """Register the knowledge-base pages."""
    from app.kb import models, routes  # noqa: F401

    app.register_blueprint(routes.bp)
