"""Kith: the application factory."""

import importlib
import os

from flask import Flask

# Each domain package exposes init_app(app): blueprints, CLI, consumers, audience rules.
DOMAINS = (
    "main",
    "mail",
    "auth",
    "qa",
    "notifications",
    "ideas",
    "moderation",
    "tickets",
    "kb",
    "search",
    "realtime",
    "insight",
    "jobs",
    "ops",
    "channels",
    "api",
    "demo",
)


def create_app(config_class=None, overrides: dict | None = None) -> Flask:
    """Build a configured Kith application."""
    from config import CONFIGS

    app = Flask(__name__, instance_relative_config=True)
    if config_class is None:
        config_class = CONFIGS[os.environ.get("KITH_ENV", os.environ.get("FLASK_ENV_NAME", "development"))]
    app.config.from_object(config_class)
    app.config.update(overrides or {})
    if hasattr(config_class, "validate"):
        config_class.validate(app.config)
    _default_database(app)

    _init_extensions(app)
    for name in app.config.get("KITH_DOMAINS") or DOMAINS:
        importlib.import_module(f"app.{name}").init_app(app)
    return app


def on_serve(app: Flask, hook) -> None:
    """Run `hook(app)` when this app starts serving (wsgi.py), never in CLI commands or tests."""
    app.extensions.setdefault("kith_serve_hooks", []).append(hook)


def start_serving(app: Flask) -> None:
    """Start the work of a serving process: the event consumers and each domain's start-up hooks."""
    if app.config.get("EVENT_CONSUMERS_IN_PROCESS") and os.environ.get("KITH_NO_CONSUMERS") != "1":
        from app.core.events import start_consumers

        start_consumers(app)
    run_serve_hooks(app)


def run_serve_hooks(app: Flask) -> None:
    """Run the domains' start-up hooks (also used by `flask events worker`)."""
    for hook in app.extensions.get("kith_serve_hooks", []):
        hook(app)


def _default_database(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "kith.sqlite3")


def _init_extensions(app: Flask) -> None:
    from app.core import db_setup, i18n, request_guards, security, web
    from app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate, socketio

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", _translation_directories(app))
    compress.init_app(app)  # first registered, so its after_request runs last, on the final body
    request_guards.init_request_guards(app)
    db.init_app(app)
    db_setup.configure(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    security.init_security(app)
    web.init_error_handlers(app)
    socketio.server_options.pop("client_manager", None)  # never reuse an earlier app's Redis manager
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
        cors_allowed_origins=app.config.get("SOCKETIO_CORS_ALLOWED_ORIGINS"),  # None: same origin only
        max_http_buffer_size=64 * 1024,
    )


def _translation_directories(app: Flask) -> str:
    """app/translations plus each domain's own catalog folder."""
    root = app.root_path
    folders = [os.path.join(root, "translations")]
    folders += [os.path.join(root, name, "translations") for name in DOMAINS]
    return ";".join(f for f in folders if os.path.isdir(f))
