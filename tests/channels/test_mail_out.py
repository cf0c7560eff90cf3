"""Notification mail carries a per-recipient reply address and threading headers; replies post."""

from sqlalchemy import select

from app.channels import replyaddr
from app.extensions import db
from app.mail.models import OutboxEmail
from app.notifications.follows import follow
from app.qa.models import Answer
from app.tickets.models import TicketMessage
from tests.channels.test_mail_in import eml, pipe


def _outbox(address) -> list[OutboxEmail]:
    return list(
        db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == address).order_by(OutboxEmail.id))
    )


def test_a_follower_replies_to_a_notification_mail_and_it_becomes_an_answer(app, qa, make_user, drain_events):
    watcher, other = make_user(display_name="Wanda"), make_user()
    question = qa.question(title="Printer driver keeps crashing")
    follow(watcher, "question", question.id)
    follow(other, "question", question.id)
    qa.answer(question, make_user())
    qa.answer(question, make_user())
    drain_events()
    first, second = _outbox(watcher.email)
    [theirs, _] = _outbox(other.email)
    reply_to = first.headers["Reply-To"]
    assert reply_to.startswith("reply+") and reply_to != theirs.headers["Reply-To"]
    assert first.headers["Message-ID"] != second.headers["Message-ID"]
    assert first.headers["References"] == second.headers["In-Reply-To"] == f"<kith.question.{question.id}@kith.local>"

    body = "Update the driver to 4.2.\n\nOn Tue, Dec 1, 2026, Kith <no-reply@kith.local> wrote:\n> Dan answered\n"
    assert pipe(app, eml(watcher.email, reply_to, body, subject="Re: answered")).startswith("posted")
    answer = db.session.scalars(select(Answer).where(Answer.author_id == watcher.id)).one()
    assert answer.question_id == question.id and answer.body == "Update the driver to 4.2."
    # Someone else using Wanda's address is refused.
    assert pipe(app, eml(other.email, reply_to, "Me too")).startswith("refused")


def test_ticket_notification_mail_can_be_answered_from_the_mail_client(app, tickets, make_user, drain_events):
    customer = make_user()
    ticket = tickets.ticket(customer)
    tickets.reply(tickets.agent(), ticket, "Which browser do you use?")
    drain_events()
    mails = [
        m
        for m in _outbox(customer.email)
        if (m.headers or {}).get("References") == f"<kith.ticket.{ticket.id}@kith.local>"
    ]
    assert mails, [m.headers for m in _outbox(customer.email)]
    token = mails[-1].headers["Reply-To"].split("+", 1)[1].split("@")[0]
    assert replyaddr.parse(token) == (customer.id, "ticket", ticket.id)
    assert pipe(app, eml(customer.email, mails[-1].headers["Reply-To"], "Firefox 140.\n\n-- \nAsha")) == "posted"
    last = db.session.scalars(select(TicketMessage).order_by(TicketMessage.id.desc())).first()
    assert (last.author_id, last.body) == (customer.id, "Firefox 140.")
