"""Demo moderation content: a spammer, flags from the community and a post hidden by trusted flags."""

from sqlalchemy import select

from app.auth import services as auth_services
from app.extensions import db
from app.moderation import flags
from app.qa import services as qa_services
from app.qa.models import Question, Space


def load(users: dict) -> None:
    """Flag a spammer's question and answer, and an off-topic question."""
    space = db.session.scalar(select(Space).order_by(Space.id))
    if space is None:
        return
    spammer = auth_services.register_user(
        email="dealz@example.com", username="dealz", password="kith-demo-pass", display_name="Best Dealz"
    )
    spam = qa_services.ask_question(
        spammer,
        title="Cheap designer watches with free shipping today",
        body="Best prices on designer watches, visit our shop now for 90% off!",
        space=space,
    )
    for name in ("alice", "bob"):
        flags.flag_post(users[name], "question", spam.id, reason="spam", note="Advertising")
    target = db.session.scalar(select(Question).where(Question.id != spam.id).order_by(Question.id))
    if target is not None:
        answer = qa_services.post_answer(spammer, target, body="Forget that, buy our watches instead, huge discount!")
        # Three trusted (staff) flags hide it until a moderator reviews it.
        for name in ("mod", "admin", "pm"):
            flags.flag_post(users[name], "answer", answer.id, reason="spam")
        flags.flag_post(users["carol"], "question", target.id, reason="off_topic", note="Belongs in Integrations?")
