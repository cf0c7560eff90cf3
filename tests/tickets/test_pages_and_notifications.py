from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Notification
from app.tickets import services


def _kinds(user):
    return [n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))]


def test_requester_and_assignee_are_notified_of_replies_and_status_changes(tickets, drain_events):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    services.update_ticket(agent, ticket.id, assignee_id=agent.id)
    tickets.reply(ticket.requester, ticket, "More details")
    tickets.reply(agent, ticket, "Fixed")
    services.update_ticket(agent, ticket.id, status="solved")
    drain_events()
    assert _kinds(ticket.requester).count("ticket.message_created") == 1
    assert "ticket.status_changed" in _kinds(ticket.requester)
    assert "ticket.message_created" in _kinds(agent)


def test_agent_queue_filters(tickets, make_user, client_for):
    agent = tickets.agent()
    mine = tickets.ticket(tier="platinum", priority="urgent", agent=agent)
    services.update_ticket(agent, mine.id, assignee_id=agent.id)
    tickets.reply(agent, mine, "On it")  # the first response opens it
    unassigned = tickets.ticket(tier="standard", priority="low", agent=agent)
    client = client_for(agent)

    def shown(query):
        html = client.get(f"/tickets/queue?{query}").get_data(as_text=True)
        return {t.id for t in (mine, unassigned) if f'href="/tickets/{t.id}"' in html}

    assert shown("view=all") == {mine.id, unassigned.id}
    assert shown("view=mine") == {mine.id}
    assert shown("view=unassigned") == {unassigned.id}
    assert shown("tier=platinum") == {mine.id}
    assert shown("status=new") == {unassigned.id}
    assert shown("view=breaching") == set()
    assert client.get("/tickets/queue?view=everything").status_code == 400


def test_customer_sees_my_tickets_replies_and_rates(tickets, client_for):
    agent = tickets.agent()
    ticket = tickets.ticket(agent=agent)
    client = client_for(ticket.requester)
    assert f"#{ticket.id}" in client.get("/tickets").get_data(as_text=True)
    assert client.post(f"/tickets/{ticket.id}/messages", data={"body": "Any update?"}).status_code == 302
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "Any update?" in page and "Rate our support" not in page
    services.update_ticket(agent, ticket.id, status="solved")
    assert "Rate our support" in client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert client.post(f"/tickets/{ticket.id}/rate", data={"score": "7"}).status_code == 400
    client.post(f"/tickets/{ticket.id}/rate", data={"score": "4", "comment": "Good"})
    assert "You rated this ticket 4 out of 5." in client.get(f"/tickets/{ticket.id}").get_data(as_text=True)


def test_empty_reply_shows_the_form_error(tickets, client_for):
    ticket = tickets.ticket()
    response = client_for(ticket.requester).post(f"/tickets/{ticket.id}/messages", data={"body": ""})
    assert response.status_code == 400
    assert "Write a message." in response.get_data(as_text=True)


def test_moderator_escalates_one_answer_from_the_question_page(tickets, qa, make_user, client_for):
    agent = tickets.agent()
    question = qa.question()
    answer = qa.answer(question, body="My licence key is ABCD-1234, does it work for you?")
    client = client_for(agent)
    page = client.get(f"/questions/{question.id}", follow_redirects=True).get_data(as_text=True)
    assert "Escalate this answer" in page
    response = client.post(f"/questions/{question.id}/escalate", data={"answer_id": str(answer.id)})
    assert response.status_code == 302
    ticket_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"#answer-{answer.id}" in ticket_page
    again = client.get(f"/questions/{question.id}", follow_redirects=True).get_data(as_text=True)
    assert "Escalate this answer" not in again and "Escalated to support" in again
