"""The JSON API under /api/v1: one module per resource, an OpenAPI document that grows with them."""

from flask import Blueprint, Flask
from flask_babel import gettext as _

from app.core.errors import Forbidden
from app.core.security import cross_site_cookie_request

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    from app.api import auth, openapi  # noqa: F401  (routes register on import)
    from app.extensions import csrf

    for module in _resource_modules():
        __import__(f"app.api.{module}")
    csrf.exempt(bp)  # bearer calls need no token; cookie calls are checked by origin instead
    app.register_blueprint(bp)


@bp.before_request
def _refuse_cross_site_cookie_calls() -> None:
    if cross_site_cookie_request():
        raise Forbidden(_("Requests signed in with a cookie must come from this site."), code="cross_site")


def _resource_modules() -> list[str]:
    """Resource modules that exist in this build (each domain adds its own)."""
    import pkgutil

    import app.api as package

    skip = {"auth", "openapi", "util"}
    return [m.name for m in pkgutil.iter_modules(package.__path__) if m.name not in skip]
