"""Template helpers: status and priority names, SLA time left, the question page's partials."""

from datetime import timedelta

from flask import Flask
from flask_babel import format_timedelta
from flask_babel import gettext as _

from app.core import slots
from app.core.labels import tier_label
from app.qa.hooks import register_thread_context
from app.tickets import escalation
from app.tickets.labels import change_label, priority_label, status_label


def sla_left(clock) -> str:
    """'3 hours left', '20 minutes over', 'met' or 'breached' for one SLA clock."""
    remaining = clock.remaining
    if clock.done_at is not None:
        return _("met") if remaining >= timedelta(0) else _("breached")
    if remaining >= timedelta(0):
        return _("%(time)s left", time=format_timedelta(remaining, threshold=1.1))
    return _("%(time)s over", time=format_timedelta(-remaining, threshold=1.1))


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        escalation_badge_for=escalation.escalation_badge_for,
        is_official_answer=escalation.is_official,
        ticket_status_label=status_label,
        ticket_priority_label=priority_label,
        ticket_change_label=change_label,
    )
    app.jinja_env.globals.setdefault("tier_label", tier_label)
    app.jinja_env.filters["sla_left"] = sla_left
    # One query per question page for the badge and the official-answer labels.
    register_thread_context(app, "tickets", _thread_support_context)
    slots.register_partial(app, "question.header", "tickets/_question_support.html")
    slots.register_partial(app, "answer.labels", "tickets/_official_label.html")


def _thread_support_context(thread) -> dict:
    return escalation.thread_support_context(thread.question.id)
