"""The daily digest goes out by itself at its hour: the job checks often and sends once a day."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from app.core import jobs
from app.extensions import db
from app.mail.models import OutboxEmail
from app.notifications import mailer, services
from app.notifications.models import Notification, NotificationPreference
from tests.notifications.factories import follow

DAY = datetime(2026, 1, 10, tzinfo=UTC)


def _digests(to):
    stmt = select(OutboxEmail).where(OutboxEmail.to_address == to, OutboxEmail.kind == "notification_digest")
    return list(db.session.scalars(stmt))


@pytest.mark.config(NOTIFICATIONS_DIGEST_HOUR=8)
def test_the_digest_job_sends_once_a_day_at_the_configured_hour(qa, make_user, drain_events, in_request):
    daily = make_user()
    services.set_email_mode(daily, "daily")
    question = qa.ask(make_user(), title="Invoices in the wrong currency")
    follow(daily, "question", question.id)
    qa.answer(question, make_user())
    drain_events()
    # The notification arrived at 06:00; the last digest went out yesterday at its hour.
    db.session.execute(update(Notification).values(created_at=DAY + timedelta(hours=6)))
    db.session.execute(update(NotificationPreference).values(last_digest_at=DAY - timedelta(hours=16)))
    db.session.commit()

    assert mailer.send_due_digests(now=DAY + timedelta(hours=7, minutes=45)) == 0, "not before 08:00"
    assert mailer.send_due_digests(now=DAY + timedelta(hours=8, minutes=5)) == 1
    assert mailer.send_due_digests(now=DAY + timedelta(hours=9, minutes=5)) == 0, "once a day"
    assert len(_digests(daily.email)) == 1


def test_the_digest_is_a_registered_job_checked_every_quarter_hour(app):
    job = jobs.registered()["notifications.digest"]
    assert job.run is mailer.send_due_digests and job.every == timedelta(minutes=15)
