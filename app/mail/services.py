"""Queue mail in the outbox (inside the caller's transaction) and deliver it."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from app.core import registries
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.mail.models import OutboxEmail

log = logging.getLogger(__name__)


def queue_email(
    *, to: str, kind: str, template: str, locale: str | None, headers: dict | None = None, **context
) -> OutboxEmail:
    """Render `mail/<template>.txt` (and .html if present) in the recipient's language and queue it.

    The template's first line is the subject. The caller commits.
    """
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.partition("\n")
    mail = OutboxEmail(
        to_address=to, kind=kind, subject=subject.strip()[:255], body_text=body.strip() + "\n", headers=headers
    )
    for hook in registries.items("mail.outgoing"):  # e.g. channels adds reply and threading headers
        hook(mail, context)
    db.session.add(mail)
    if not current_app.config.get("MAIL_SERVER"):
        log.info("outbox mail to %s: %s\n%s", to, mail.subject, mail.body_text)
    return mail


@transactional
def deliver_pending(limit: int = 100) -> int:
    """Send queued mail through SMTP when configured; return how many were sent."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0
    pending = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < 5).limit(limit)
    ).all()
    sent = 0
    for mail in pending:
        mail.attempts += 1
        try:
            _smtp_send(mail)
            mail.sent_at = utcnow()
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            mail.last_error = str(exc)[:500]
            log.warning("mail %s failed: %s", mail.id, exc)
    return sent


def _smtp_send(mail: OutboxEmail) -> None:
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    for name, value in (mail.headers or {}).items():
        message[name] = value
    message.set_content(mail.body_text)
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        smtp.send_message(message)


def recent_outbox(limit: int = 100) -> list[OutboxEmail]:
    """The newest queued mail, for the development outbox page."""
    return list(db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(limit)))
