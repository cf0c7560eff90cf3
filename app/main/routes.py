from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text

from app.auth import services as auth_services
from app.core import registries
from app.core.i18n import supported_locale
from app.core.security import safe_next
from app.extensions import db, limiter

bp = Blueprint("main", __name__, template_folder="templates")


@bp.get("/")
def home():
    return render_template("main/home.html")


@bp.post("/language")
def set_language():
    """Switch the interface language (stored on the account when signed in)."""
    locale = supported_locale(request.form.get("locale")) or current_app.config["BABEL_DEFAULT_LOCALE"]
    session["locale"] = locale
    if current_user.is_authenticated:
        auth_services.set_locale(current_user, locale)
    with force_locale(locale):
        flash(_("Language changed."), "success")
    return redirect(safe_next(request.form.get("next")))


@bp.get("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def ready():
    """Say whether this process can serve: the database answers; rate limits count in Redis or in memory."""
    checks = {"database": _database_state(), "rate_limits": _rate_limit_state()}
    ready = checks["database"] == "ok"
    if ready:
        for name, details, ok in _platform_checks():
            checks[name] = details
            ready = ready and ok
    status = 200 if ready else 503
    return jsonify({"status": "ok" if status == 200 else "unavailable", "checks": checks}), status


def _platform_checks() -> list:
    """The checks the platform registered (consumer lag, jobs); one that raises counts as not ready."""
    found = []
    for check in registries.items("health.ready_checks"):
        try:
            found.append(check())
        except Exception as exc:  # noqa: BLE001
            db.session.rollback()
            found.append((getattr(check, "__name__", "check"), {"error": exc.__class__.__name__}, False))
    return found


def _database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001  (any failure means not ready; the reason is logged by the driver)
        db.session.rollback()
        return "unavailable"
    return "ok"


def _rate_limit_state() -> str:
    """`shared` (Redis), `memory` (embedded default) or `memory-fallback` (Redis unreachable)."""
    uri = current_app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if uri.startswith("memory"):
        return "memory"
    try:
        alive = limiter.storage.check()
    except Exception:  # noqa: BLE001
        alive = False
    return "shared" if alive else "memory-fallback"
