"""What Q&A plugs into the platform: notification rules, the question room, home page, demo data."""

from flask import Flask

from app.core import slots
from app.demo import register_loader
from app.extensions import db
from app.qa import demo, notification_rules
from app.qa.models import Question
from app.qa.search_documents import QuestionDocuments
from app.qa.services import can_view
from app.realtime import rooms
from app.search.providers import register_provider


def _can_join_question(user, key: str) -> bool:
    """The question page's own rule: hidden, held or deleted threads are for staff and their author."""
    question = db.session.get(Question, int(key))
    return question is not None and can_view(user, question)


def register(app: Flask) -> None:
    """Plug Q&A into notifications, realtime, the home page and the demo data."""
    notification_rules.register(app)
    rooms.register_room(app, "question", _can_join_question, payload_key="question_id")
    slots.register_partial(app, "home.sections", "qa/_home_sections.html")
    register_loader(app, "qa", demo.load)
    register_provider(app, QuestionDocuments())
