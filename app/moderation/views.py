"""Template helpers for moderation pages and the Q&A page partials."""

from flask import Flask

from app.moderation import audit, flags, services, users


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        flag_reason_label=flags.reason_label,
        moderation_action_label=audit.action_label,
        can_undo_action=audit.can_undo,
        duplicate_of=services.duplicate_of,
        is_silenced=users.is_silenced,
    )
