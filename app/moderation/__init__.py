"""Moderation: flags, the review queue, audited moderator actions with undo, user restrictions."""

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.core import jobs
from app.core.permissions import register_post_blocker
from app.demo import register_loader
from app.moderation import cli, demo, routes, template_helpers, users


def init_app(app: Flask) -> None:
    """Register the blueprints, CLI, template helpers, the silence post blocker and the demo loader."""
    app.register_blueprint(routes.bp)
    app.register_blueprint(routes.flag_bp)
    app.cli.add_command(cli.moderation_cli)
    template_helpers.register(app)
    register_loader(app, "moderation", demo.load)
    register_post_blocker(app, users.silenced_reason)
    jobs.register(
        app, "moderation.expire", every=timedelta(minutes=5), run=users.expire, label=_l("Lift ended suspensions")
    )
