"""Notifications: follows, in-app notifications from the event log, notification mail."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the blueprint, CLI, the "notifications" consumer, rules and layout helpers."""
    from app.core.events import register_consumer
    from app.demo import register_loader
    from app.main import template_helpers
    from app.notifications import cli, consumer, demo, messages, qa_rules, routes, services
    from app.notifications.forms import mode_choices

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.notifications_cli)
    register_consumer("notifications", consumer.handle)
    register_loader("notifications", demo.load)
    messages.register_defaults()
    qa_rules.register()
    template_helpers.UNREAD_COUNTER["fn"] = services.unread_count
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
    from datetime import timedelta

    from flask_babel import lazy_gettext as _l

    from app.core import jobs
    from app.notifications import mailer

    jobs.register(
        app,
        "notifications.digest",
        every=timedelta(minutes=15),
        run=mailer.send_due_digests,
        label=_l("Send the daily digest at its hour"),
    )


def _user_follows(target_type: str, target_id) -> bool:
    """Whether the signed-in user follows a target (for templates)."""
    from flask_login import current_user

    from app.notifications.follows import is_following

    return is_following(current_user, target_type, target_id)


def _follow_context() -> tuple[bool, str]:
    """(signed in?, where to come back to) for the follow_button macro, imported without context."""
    from flask import request
    from flask_login import current_user

    return bool(current_user.is_authenticated), request.full_path.rstrip("?")
