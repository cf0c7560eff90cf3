"""Warm a serving process before it accepts requests, so the first visitors do not pay for it."""

import logging

from flask import Flask

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> None:
    """Compile every template and load every locale's translations (seconds on a busy machine)."""
    import flask_babel

    for name in app.jinja_env.list_templates(filter_func=lambda n: n.endswith((".html", ".txt"))):
        try:
            app.jinja_env.get_template(name)
        except Exception:  # noqa: BLE001  (a broken template still fails loudly when it is used)
            log.warning("could not precompile template %s", name, exc_info=True)
    for locale in app.config.get("LANGUAGES", {}):
        with app.test_request_context("/", headers={"Accept-Language": locale.replace("_", "-")}):
            flask_babel.refresh()
            flask_babel.get_translations()
