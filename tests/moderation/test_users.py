from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.errors import Conflict, Forbidden, ValidationError
from app.core.timeutil import utcnow
from app.extensions import db
from app.moderation import flags, undo, users
from app.moderation.models import ModerationAction


@pytest.fixture
def moderator(make_user):
    return make_user(role="moderator")


def test_suspend_for_a_period_signs_the_user_out_and_expires(moderator, make_user, client_for):
    spammer = make_user()
    client = client_for(spammer)
    row = users.restrict(moderator, spammer.id, "suspend", 3, "Spam")
    assert spammer.is_suspended
    assert client.get("/tickets").status_code == 302  # the old session no longer works
    assert row.ends_at - row.starts_at == timedelta(days=3)

    assert users.expire(now=utcnow() + timedelta(days=2)) == 0
    assert users.expire(now=utcnow() + timedelta(days=4)) == 1
    assert not spammer.is_suspended


def test_silence_is_a_period_the_services_can_check(moderator, make_user):
    loud = make_user()
    users.restrict(moderator, loud.id, "silence", 1, "Cool down")
    assert users.is_silenced(loud)
    assert not users.is_silenced(loud, now=utcnow() + timedelta(days=2))
    assert not loud.is_suspended
    with pytest.raises(Conflict):
        users.restrict(moderator, loud.id, "silence", 1)


def test_restriction_input_and_staff_protection(moderator, make_user):
    with pytest.raises(ValidationError) as exc:
        users.restrict(moderator, make_user().id, "suspend", 0)
    assert "days" in exc.value.fields
    with pytest.raises(ValidationError):
        users.restrict(moderator, make_user().id, "ban", 3)
    with pytest.raises(Forbidden):
        users.restrict(moderator, make_user(role="admin").id, "suspend", 3)


def test_undo_a_suspension(moderator, make_user):
    user = make_user()
    users.restrict(moderator, user.id, "suspend", 30, "Wrong person")
    row = db.session.scalars(select(ModerationAction).where(ModerationAction.action == "suspend")).one()
    undo.undo(moderator, row.id)
    assert not user.is_suspended


def test_clear_a_spam_wave_then_undo_the_batch(moderator, make_user, qa, mod):
    spammer = make_user()
    questions = [qa.question(spammer, title=f"Cheap watches buy now {i}") for i in range(3)]
    answer = qa.answer(qa.question(), spammer, body="Visit my shop for cheap watches")
    innocent = qa.question()
    mod.flag(questions[0])

    batch = users.clear_spam_wave(moderator, spammer.id, action="delete", suspend_days=7, reason="Spam wave")

    assert all(q.status == "deleted" for q in questions) and answer.status == "deleted"
    assert innocent.status == "visible"
    assert spammer.is_suspended
    assert flags.review_queue(moderator) == []
    rows = db.session.scalars(select(ModerationAction).where(ModerationAction.batch == batch)).all()
    assert sorted(r.action for r in rows) == ["delete"] * 4 + ["suspend"]

    assert undo.undo_batch(moderator, batch) == 5
    assert all(q.status == "visible" for q in questions) and answer.status == "visible"
    assert not spammer.is_suspended


def test_spam_wave_input(moderator, make_user):
    with pytest.raises(ValidationError):
        users.clear_spam_wave(moderator, make_user().id, action="burn")
    with pytest.raises(Forbidden):
        users.clear_spam_wave(moderator, make_user(role="moderator").id)


def test_a_silenced_user_cannot_post_until_the_silence_ends(moderator, make_user, factories, client_for):
    from tests.qa.factories import QAFactories

    qa = QAFactories(factories)
    question = qa.question()
    loud = make_user()
    users.restrict(moderator, loud.id, "silence", 1, "Cool down")
    with pytest.raises(Forbidden, match="silenced until"):
        qa.answer(question, loud)
    page = client_for(loud).post(
        f"/api/v1/questions/{question.id}/answers", json={"body": "Still talking loudly here."}
    )
    assert page.status_code in (401, 403)  # the API wants a token; the service refuses either way
    users.lift(moderator, users.active_restriction(loud.id, "silence").id)
    assert qa.answer(question, loud).id
