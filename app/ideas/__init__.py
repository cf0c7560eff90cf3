"""Idea boards: ideas, votes, weighted demand, statuses with official responses, merges, roadmap."""

import importlib

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register this domain's blueprints, CLI commands, notification rules and demo loader."""
    from app.demo import register_loader
    from app.ideas import cli, demo, models, routes  # noqa: F401  (models register their tables)

    try:  # the Follow table must be registered before the schema is created
        importlib.import_module("app.notifications.services")
    except ImportError:
        pass

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.boards_cli)
    app.cli.add_command(cli.ideas_cli)
    register_loader("ideas", demo.load)
    _register_search(app)
    _register_notifications()
    app.jinja_env.globals.setdefault("idea_status_label", _status_label)


def _register_search(app: Flask) -> None:
    from app.core import registries
    from app.ideas.labels import STATUS_LABELS
    from app.ideas.search_documents import IdeaDocuments
    from app.search.providers import register_provider

    register_provider(app, IdeaDocuments())
    registries.put(app, "search.status_labels", "idea", STATUS_LABELS)


def _status_label(code: str) -> str:
    from app.ideas.labels import status_label

    return status_label(code)


def _idea_exists(idea_id) -> bool:
    from app.extensions import db
    from app.ideas.models import Idea

    try:
        return db.session.get(Idea, int(idea_id)) is not None
    except (TypeError, ValueError):
        return False


def _idea_url(idea_id) -> str:
    adapter = current_app.url_map.bind("localhost")
    return adapter.build("ideas.show", {"idea_id": int(idea_id)})


def _idea_title(idea_id) -> str:
    from app.extensions import db
    from app.ideas.models import Idea

    idea = db.session.get(Idea, int(idea_id))
    return idea.title if idea else ""


def _register_notifications() -> None:
    from app.ideas import workflow
    from app.notifications import registry

    registry.register_recipients("idea.status_changed", workflow.status_change_recipients)
    optional = {
        "register_follow_target": lambda fn: fn(
            "idea", _idea_exists, lambda user, idea_id: True, url_fn=_idea_url, title_fn=_idea_title
        ),
        # The rule above already offers followers (as "follower"), so the thread's followers are not added twice.
        "register_notification_kind": lambda fn: (
            fn("idea.status_changed", followers=False),
            fn("idea.commented"),
        ),
        "register_message": lambda fn: (
            fn("idea.status_changed", _l("%(actor)s changed the status of an idea")),
            fn("idea.commented", _l("%(actor)s commented on an idea")),
        ),
        "register_reason": lambda fn: (
            fn("voter", _l("You voted for this idea.")),
            fn("linked_question", _l("You asked a question linked to this idea.")),
            fn("linked_ticket", _l("Your support ticket is linked to this idea.")),
        ),
    }
    for name, use in optional.items():
        fn = getattr(registry, name, None)
        if fn is not None:
            use(fn)
