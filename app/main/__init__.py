"""Site-wide pages: home, language switcher, health check, template helpers."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.main import routes, template_helpers

    app.register_blueprint(routes.bp)
    template_helpers.register(app)
