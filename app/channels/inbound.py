"""Mail into Kith: replies continue tickets or answer followed questions; mail to support opens a ticket.

The reply is posted as the person the reply address was issued to, through the same ticket
services (permission and posting checks) as the web. Nothing here ever mails back: a refused
message leaves a log line and a staff event, never a bounce that could loop.
"""

import logging
import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from app.auth.models import User
from app.channels import mailparse, replyaddr
from app.core import events
from app.core.errors import DomainError
from app.core.permissions import Perm, require
from app.extensions import db

log = logging.getLogger(__name__)
REPLY = re.compile(r"^reply\+([a-z0-9.]+)@(.+)$")


@dataclass
class Outcome:
    status: str  # posted, opened, ignored, refused
    reason: str = ""
    ticket_id: int | None = None


def receive(raw: bytes) -> Outcome:
    """Handle one RFC 822 message (from the MTA pipe or the IMAP poller)."""
    limit = current_app.config["MAIL_INBOUND_MAX_BYTES"]
    if len(raw) > limit:
        return _refuse("too large", sender="", detail=f"{len(raw)} bytes")
    mail = mailparse.parse(raw)
    if mail.automatic:
        log.info("inbound mail from %s ignored: %s", mail.sender, mail.automatic)
        return Outcome("ignored", mail.automatic)
    token = next((m.group(1) for r in mail.recipients if (m := REPLY.match(r))), None)
    try:
        if token:
            return _reply(mail, token)
        if current_app.config["MAIL_SUPPORT_ADDRESS"].lower() in mail.recipients:
            return _open(mail)
    except DomainError as exc:
        db.session.rollback()
        return _refuse("not allowed", sender=mail.sender, detail=str(exc.message))
    return _refuse("no known recipient", sender=mail.sender)


def _reply(mail: mailparse.Incoming, token: str) -> Outcome:
    from app.tickets import services as tickets

    try:
        user_id, kind, target_id = replyaddr.parse(token)
    except replyaddr.BadToken as exc:
        return _refuse(f"{exc} reply token", sender=mail.sender)
    user = db.session.get(User, user_id)
    if user is None or user.email.lower() != mail.sender:
        return _refuse("reply token used by another sender", sender=mail.sender)
    if not mail.text:
        return _refuse("empty reply", sender=mail.sender)
    require(user, Perm.POST)
    if kind == "question":
        return _answer(user, target_id, mail.text)
    message = tickets.add_message(user, target_id, mail.text)
    db.session.commit()
    return Outcome("posted", ticket_id=message.ticket_id)


def _answer(user, question_id: int, text: str) -> Outcome:
    """A reply to a followed question's notification becomes an answer (the web's checks apply)."""
    from app.qa import services as qa

    question = qa.get_question(user, question_id)
    answer = qa.post_answer(user, question, body=text)
    db.session.commit()
    return Outcome("posted", reason=f"answer {answer.id}")


def _open(mail: mailparse.Incoming) -> Outcome:
    from app.tickets import services as tickets

    user = db.session.scalar(select(User).where(func.lower(User.email) == mail.sender))
    if user is None:
        return _refuse("unknown sender", sender=mail.sender)
    require(user, Perm.POST)
    subject = (mail.subject or mail.text.split("\n", 1)[0])[:200] or "(no subject)"
    ticket = tickets.open_ticket(user, requester=user, subject=subject, body=mail.text or subject, source="email")
    db.session.commit()
    return Outcome("opened", ticket_id=ticket.id)


def _refuse(reason: str, *, sender: str, detail: str = "") -> Outcome:
    """Log a refused message (a staff event, no bounce) and say why."""
    log.warning("inbound mail from %s refused: %s %s", sender or "?", reason, detail)
    events.record(
        "mail.inbound_refused",
        actor=None,
        subject_type="mail",
        subject_id=None,
        audience=events.STAFF,
        payload={"reason": reason, "sender": sender[:254], "detail": detail[:300]},
    )
    db.session.commit()
    return Outcome("refused", reason)
