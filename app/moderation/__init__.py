"""Moderation: flags, the review queue, audited moderator actions with undo, user restrictions."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core.permissions import register_post_blocker
    from app.demo import register_loader
    from app.moderation import cli, demo, models, routes, users, views  # noqa: F401  (models register their tables)

    app.register_blueprint(routes.bp)
    app.register_blueprint(routes.flag_bp)
    app.cli.add_command(cli.moderation_cli)
    views.register(app)
    register_loader("moderation", demo.load)
    register_post_blocker(users.silenced_reason)
    _register_jobs(app)


def _register_jobs(app: Flask) -> None:
    from datetime import timedelta

    from flask_babel import lazy_gettext as _l

    from app.core import jobs
    from app.moderation import users

    jobs.register(
        app, "moderation.expire", every=timedelta(minutes=5), run=users.expire, label=_l("Lift ended suspensions")
    )
