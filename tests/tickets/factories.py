"""Ticket factories other domains can import."""

from app.tickets import escalation, services


class TicketFactories:
    def __init__(self, factories, qa):
        self.f = factories
        self.qa = qa

    def agent(self):
        return self.f.user(role="moderator")

    def ticket(self, requester=None, *, agent=None, priority="normal", tier=None, question=None):
        """A ticket escalated from a new question of `requester` by a moderator."""
        requester = requester or self.f.user(tier=tier or "standard")
        question = question or self.qa.question(requester)
        return escalation.escalate_question(agent or self.agent(), question.id, priority=priority)

    def reply(self, actor, ticket, body="Here is some more detail.", internal=False):
        return services.add_message(actor, ticket.id, body, internal=internal)
