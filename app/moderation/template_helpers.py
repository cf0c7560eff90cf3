"""Template helpers for moderation pages, and the moderation controls on each Q&A post."""

from flask import Flask

from app.core import slots
from app.moderation import audit, flags, services, users


def register(app: Flask) -> None:
    """Add the Jinja globals moderation's templates use and fill the question page's post slot."""
    app.jinja_env.globals.update(
        flag_reason_label=flags.reason_label,
        moderation_action_label=audit.action_label,
        can_undo_action=audit.can_undo,
        duplicate_of=services.duplicate_of,
        is_silenced=users.is_silenced,
    )
    slots.register_partial(app, "post.controls", "moderation/_post_controls.html")
