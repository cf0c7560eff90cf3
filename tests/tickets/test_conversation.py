import pytest

from app.core.errors import Conflict, Forbidden, ValidationError
from app.tickets import escalation, services


def test_agent_and_customer_talk_and_every_change_is_in_the_history(tickets, make_user):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    tickets.reply(agent, ticket, "Can you send a screenshot?")
    services.update_ticket(agent, ticket.id, status="pending_customer", priority="high", assignee_id=agent.id)
    tickets.reply(ticket.requester, ticket, "Attached.")

    assert ticket.status == "open"  # the customer's reply brings it back to the agents
    fields = [(c.field, c.old_value, c.new_value) for c in ticket.changes]
    assert ("status", "new", "open") in fields
    assert ("status", "open", "pending_customer") in fields
    assert ("priority", "normal", "high") in fields
    assert ("assignee", None, agent.display_name) in fields
    assert ("status", "pending_customer", "open") in fields


def test_internal_notes_are_only_for_staff(tickets):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    tickets.reply(agent, ticket, "Customer is on the legacy plan", internal=True)
    bodies = [m.body for m in services.visible_messages(ticket.requester, ticket)]
    assert "Customer is on the legacy plan" not in bodies
    assert "Customer is on the legacy plan" in [m.body for m in services.visible_messages(agent, ticket)]
    with pytest.raises(Forbidden):
        tickets.reply(ticket.requester, ticket, "sneaky", internal=True)


@pytest.mark.parametrize("change", [{"status": "solved"}, {"priority": "urgent"}, {"assignee_id": 1}])
def test_customers_cannot_change_status_priority_or_assignee(tickets, change):
    ticket = tickets.ticket()
    with pytest.raises(Forbidden):
        services.update_ticket(ticket.requester, ticket.id, **change)


def test_a_closed_ticket_reopens_only_with_a_new_message(tickets):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    services.update_ticket(agent, ticket.id, status="closed")
    with pytest.raises(Conflict) as exc:
        services.update_ticket(agent, ticket.id, status="open")
    assert "status" in exc.value.fields
    tickets.reply(ticket.requester, ticket, "It broke again.")
    assert ticket.status == "open"


def test_assignee_must_be_support_staff(tickets, make_user):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    with pytest.raises(ValidationError) as exc:
        services.update_ticket(agent, ticket.id, assignee_id=make_user().id)
    assert "assignee_id" in exc.value.fields


def test_empty_reply_names_the_body(tickets):
    ticket = tickets.ticket()
    with pytest.raises(ValidationError) as exc:
        tickets.reply(ticket.requester, ticket, "   ")
    assert "body" in exc.value.fields


def test_csat_only_after_solved_and_only_by_the_requester(tickets, make_user):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    with pytest.raises(Conflict):
        services.rate(ticket.requester, ticket.id, 5)
    services.update_ticket(agent, ticket.id, status="solved")
    with pytest.raises(ValidationError) as exc:
        services.rate(ticket.requester, ticket.id, 9)
    assert "score" in exc.value.fields
    with pytest.raises(Forbidden):
        services.rate(agent, ticket.id, 1)
    services.rate(ticket.requester, ticket.id, 5, "Quick and friendly")
    assert (ticket.csat_score, ticket.csat_comment) == (5, "Quick and friendly")


def test_publish_resolution_posts_an_official_answer_on_the_question(tickets, qa):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    answer = escalation.publish_resolution(agent, ticket.id, "Update the driver to 2.1; that fixes it.")
    assert answer.question_id == ticket.question_id
    assert escalation.is_official(answer.id)
    assert escalation.official_answer_ids(ticket.question_id) == {answer.id}
    assert escalation.thread_support_context(ticket.question_id) == {
        "escalation_badge": {"status": "new"},
        "official_answer_ids": {answer.id},
    }
    with pytest.raises(Forbidden):
        escalation.publish_resolution(ticket.requester, ticket.id, "I solved it myself")


def test_move_a_sensitive_post_into_the_ticket_leaves_a_placeholder(tickets, qa, make_user):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    leak = qa.answer(_question(ticket), body="My API key is sk-123456 and my phone 555-0100")
    escalation.move_post_into_ticket(agent, ticket.id, "answer", leak.id)
    assert "sk-123456" not in leak.body
    assert "Moved to a private support ticket by a moderator" in leak.body
    assert any("sk-123456" in m.body for m in ticket.messages)


def _question(ticket):
    from app.tickets import qa_bridge

    return qa_bridge.get_question(ticket.question_id)
