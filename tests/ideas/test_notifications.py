"""Closing the loop: voters, followers and askers of linked questions hear about status changes."""

from sqlalchemy import select

from app.extensions import db
from app.ideas import following, workflow
from app.notifications.models import Notification


def _notified(kind="idea.status_changed"):
    return {n.user_id: n for n in db.session.scalars(select(Notification).where(Notification.kind == kind))}


def test_status_change_notifies_voters_followers_and_not_the_actor(client_for, ideas, make_user, drain_events, pm):
    author, voter, follower, bystander = make_user(), make_user(), make_user(), make_user()
    idea = ideas.idea(author=author, title="Export to Excel")
    ideas.vote(idea, voter)
    following.follow(follower, idea.id)
    db.session.commit()
    ideas.vote(idea, pm)  # the product manager votes too, but is never told about their own change
    drain_events()
    ideas.status(idea, "planned", "Coming in **May**")
    drain_events()
    notified = _notified()
    assert notified[voter.id].reason == "voter"
    assert notified[follower.id].reason == "follower"
    assert notified[author.id].reason == "follower"
    assert bystander.id not in notified and pm.id not in notified
    assert notified[voter.id].url == f"/ideas/{idea.id}"
    page = client_for(voter).get("/notifications/").get_data(as_text=True)
    assert "Export to Excel" in page
    assert "changed the status of an idea" in page


def test_authors_of_linked_questions_are_notified(ideas, make_user, drain_events, pm):
    from tests.qa.factories import QAFactories

    asker = make_user()
    question = QAFactories(ideas.factories).question(author=asker)
    idea = ideas.idea()
    workflow.link_question(pm, idea, question.id)
    ideas.status(idea, "in_progress")
    drain_events()
    assert _notified()[asker.id].reason == "linked_question"


def test_merged_voters_hear_about_the_original(ideas, make_user, drain_events, pm):
    original, dup = ideas.idea(), ideas.idea()
    voter = make_user()
    ideas.vote(dup, voter)
    workflow.merge(pm, dup, original.id)
    ideas.status(original, "completed", "Done!")
    drain_events()
    assert _notified()[voter.id].reason == "voter"


def test_voters_get_an_email_unless_they_turned_mail_off(ideas, make_user, drain_events):
    from app.mail.models import OutboxEmail
    from app.notifications import services as notification_services

    instant, silent = make_user(), make_user()
    notification_services.set_email_mode(silent, "off")
    idea = ideas.vote(ideas.idea(title="Audit log export"), instant, silent)
    drain_events()
    ideas.status(idea, "completed", "Shipped in 2.4")
    drain_events()
    mails = db.session.scalars(select(OutboxEmail)).all()
    recipients = {m.to_address for m in mails}
    assert instant.email in recipients and silent.email not in recipients
    mail = next(m for m in mails if m.to_address == instant.email)
    assert "Audit log export" in mail.body_text


def test_requesters_of_linked_tickets_are_notified_and_only_staff_see_the_link(
    client_for, api_client, ideas, make_user, drain_events, pm
):
    from app.tickets.models import Ticket

    requester = make_user()
    ticket = Ticket(subject="Need Excel export", requester_id=requester.id)
    db.session.add(ticket)
    db.session.commit()
    idea = ideas.idea()
    agent = make_user(role="moderator")
    response = api_client(agent).post(f"/api/v1/ideas/{idea.id}/links", json={"ticket_id": ticket.id})
    assert response.status_code == 201
    assert api_client(agent).post(f"/api/v1/ideas/{idea.id}/links", json={"ticket_id": ticket.id}).status_code == 409
    assert (
        api_client(make_user()).post(f"/api/v1/ideas/{idea.id}/links", json={"ticket_id": ticket.id}).status_code == 403
    )
    bad = api_client(agent).post(f"/api/v1/ideas/{idea.id}/links", json={"ticket_id": 999999})
    assert bad.status_code == 400 and "ticket_id" in bad.json["error"]["fields"]
    assert f"Ticket #{ticket.id}" in client_for(pm).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f"Ticket #{ticket.id}" not in client_for(requester).get(f"/ideas/{idea.id}").get_data(as_text=True)
    ideas.status(idea, "planned", "Yes")
    drain_events()
    assert _notified()[requester.id].reason == "linked_ticket"
