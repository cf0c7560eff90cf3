"""What the ideas domain plugs into the platform: notifications, follows, its live room, demo data."""

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from app.core import registries
from app.demo import register_loader
from app.ideas import demo, services, workflow
from app.ideas.labels import STATUS_LABELS
from app.ideas.search_documents import IdeaDocuments
from app.notifications import registry
from app.realtime import rooms
from app.search.providers import register_provider


def _idea_exists(idea_id) -> bool:
    return services.find_idea(idea_id) is not None


def _idea_can_see(user, idea_id) -> bool:
    return services.can_view(user, services.find_idea(idea_id))


def _idea_url(idea_id) -> str:
    return current_app.url_map.bind("localhost").build("ideas.show", {"idea_id": int(idea_id)})


def _idea_title(idea_id) -> str:
    idea = services.find_idea(idea_id)
    return idea.title if idea else ""


def _can_join_idea(user, key: str) -> bool:
    return services.can_view(user, services.find_idea(key))


def _register_notifications(app: Flask) -> None:
    registry.register_recipients(app, "idea.status_changed", workflow.status_change_recipients)
    registry.register_follow_target(app, "idea", _idea_exists, _idea_can_see, url_fn=_idea_url, title_fn=_idea_title)
    registry.register_thread_key(app, "idea_id", "idea")
    # The rule above already offers followers (as "follower"), so the thread's followers are not added twice.
    registry.register_notification_kind(app, "idea.status_changed", followers=False)
    registry.register_notification_kind(app, "idea.commented")
    registry.register_message(app, "idea.status_changed", _l("%(actor)s changed the status of an idea"))
    registry.register_message(app, "idea.commented", _l("%(actor)s commented on an idea"))
    registry.register_reason(app, "voter", _l("You voted for this idea."))
    registry.register_reason(app, "linked_question", _l("You asked a question linked to this idea."))
    registry.register_reason(app, "linked_ticket", _l("Your support ticket is linked to this idea."))


def register(app: Flask) -> None:
    """Plug the ideas domain into notifications, realtime and the demo data."""
    _register_notifications(app)
    rooms.register_room(app, "idea", _can_join_idea, payload_key="idea_id")
    register_loader(app, "ideas", demo.load)
    register_provider(app, IdeaDocuments())
    registries.put(app, "search.status_labels", "idea", STATUS_LABELS)
