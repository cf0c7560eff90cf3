"""The outbox: mail is a row first; with SMTP settings it is delivered with its headers."""

import smtplib

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail import services
from app.mail.models import OutboxEmail


class RecordingSMTP:
    """Stands in for the network: records what would go over the wire."""

    sent: list = []

    def __init__(self, host, port, timeout):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        if "fail" in message["To"]:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})
        RecordingSMTP.sent.append(message)


@pytest.mark.config(MAIL_SERVER="smtp.example.test")
def test_queued_mail_is_delivered_with_headers_and_failures_are_kept(app, make_user, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    RecordingSMTP.sent = []
    user = make_user()
    link = "<https://kith.example/notifications/unsubscribe/t>"
    services.queue_email(
        to=user.email, kind="password_reset", template="password_reset", locale=None,
        headers={"List-Unsubscribe": link}, user=user, link="https://kith.example/r", minutes=60,
    )  # fmt: skip
    services.queue_email(
        to="fail@example.com", kind="password_reset", template="password_reset", locale=None,
        user=user, link="https://kith.example/r", minutes=60,
    )  # fmt: skip
    db.session.commit()
    assert services.deliver_pending() == 1
    (message,) = RecordingSMTP.sent
    assert message["Subject"] == "Reset your Kith password"
    assert message["List-Unsubscribe"] == link
    failed = db.session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == "fail@example.com"))
    assert failed.sent_at is None and failed.attempts == 1 and "no such user" in failed.last_error


def test_without_smtp_mail_stays_in_the_outbox(app, make_user):
    user = make_user()
    services.queue_email(
        to=user.email, kind="password_reset", template="password_reset", locale="zh_Hant",
        user=user, link="https://kith.example/r", minutes=60,
    )  # fmt: skip
    db.session.commit()
    assert services.deliver_pending() == 0
    mail = services.recent_outbox()[0]
    assert mail.subject == "重設您的 Kith 密碼" and mail.sent_at is None
