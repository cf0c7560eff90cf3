"""Demo tickets of different tiers, priorities and statuses, with messages, CSAT and a published answer."""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.qa.models import Question
from app.tickets import escalation, services

# question title, priority, what happens next
TICKETS = [
    ("Connecting the chat tool integration shows a blank page", "urgent", "open"),
    ("数据库连接超时导致报表生成失败", "high", "internal"),
    ("How do I switch from monthly to annual billing?", "low", "pending"),
    ("Are we charged for deactivated users on the gold plan?", "normal", "solved"),
]


def load(users: dict) -> None:
    """Escalate a few demo questions into tickets and play each one's story."""
    agent = users["mod"]
    for title, priority, story in TICKETS:
        question = db.session.scalar(select(Question).where(Question.title == title))
        if question is None:
            continue
        ticket = escalation.escalate_question(agent, question.id, priority=priority, note=_note(story))
        _play(story, ticket, agent)


def _note(story: str) -> str | None:
    return {"internal": "Customer is on the legacy reporting cluster; check connection pool size."}.get(story)


def _play(story: str, ticket, agent) -> None:
    requester = ticket.requester
    if story == "open":
        services.update_ticket(agent, ticket.id, assignee_id=agent.id)
        services.add_message(agent, ticket.id, "Thanks for the report. Which browser extensions are active?")
        services.add_message(requester, ticket.id, "uBlock Origin and a password manager.")
    elif story == "internal":
        # Opened five hours ago and never answered: breaches the gold/high first-response target.
        ticket.created_at = ticket.created_at - timedelta(hours=5)
        db.session.commit()
    elif story == "pending":
        services.add_message(agent, ticket.id, "Which workspace should we switch? Please send its name.")
        services.update_ticket(agent, ticket.id, status="pending_customer")
    elif story == "solved":
        services.update_ticket(agent, ticket.id, assignee_id=agent.id, priority="normal")
        services.add_message(
            agent, ticket.id, "Seats are prorated daily; deactivated users stop counting the next day."
        )
        escalation.publish_resolution(
            agent, ticket.id, "Seats are **prorated daily**: a deactivated user stops counting from the next day."
        )
        services.update_ticket(agent, ticket.id, status="solved")
        services.rate(requester, ticket.id, 5, "Clear and quick, thank you!")
