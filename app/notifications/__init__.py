"""Notifications: follows, in-app notifications from the event log, notification mail."""

from datetime import timedelta

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core import jobs, registries, slots
from app.core.events import register_consumer
from app.demo import register_loader
from app.main import template_helpers
from app.notifications import cli, consumer, demo, follows, mailer, messages, routes, services
from app.notifications.forms import mode_choices


def init_app(app: Flask) -> None:
    """Register the blueprint, CLI, the "notifications" consumer, messages and layout helpers."""
    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.notifications_cli)
    register_consumer("notifications", consumer.handle)
    register_loader(app, "notifications", demo.load)
    messages.register_defaults(app)
    registries.put(app, template_helpers.UNREAD_COUNTER, "notifications", services.unread_count)
    slots.register_partial(app, "account.sections", "notifications/_account_sections.html")
    _register_jobs(app)
    app.jinja_env.globals.update(
        notification_sentence=messages.sentence,
        notification_reason=messages.reason_line,
        notification_email_mode=lambda user: services.email_mode(user.id),
        notification_email_choices=mode_choices,
        follow_context=_follow_context,
        user_follows=_user_follows,
    )


def _register_jobs(app: Flask) -> None:
    jobs.register(
        app,
        "notifications.digest",
        every=timedelta(minutes=15),
        run=mailer.send_due_digests,
        label=_l("Send the daily digest at its hour"),
    )


def _user_follows(target_type: str, target_id) -> bool:
    """Whether the signed-in user follows a target (for templates)."""
    return follows.is_following(current_user, target_type, target_id)


def _follow_context() -> tuple[bool, str]:
    """(signed in?, where to come back to) for the follow_button macro, imported without context."""
    return bool(current_user.is_authenticated), request.full_path.rstrip("?")
