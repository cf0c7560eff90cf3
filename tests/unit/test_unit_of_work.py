"""One user action is one transaction: it commits once, and a failure half-way leaves nothing."""

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.events import Event
from app.core.uow import unit_of_work
from app.extensions import db
from app.moderation import flags
from app.moderation import services as moderation
from app.qa.models import Question, Space
from app.tickets import escalation
from tests.moderation.factories import ModerationFactories
from tests.qa.factories import QAFactories
from tests.tickets.factories import TicketFactories


class Boom(RuntimeError):
    """The injected failure of an action's later step."""


@pytest.fixture(autouse=True)
def _request_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def world(factories):
    qa = QAFactories(factories)
    return {
        "f": factories,
        "qa": qa,
        "tickets": TicketFactories(factories, qa),
        "mod": ModerationFactories(factories, qa),
    }


@pytest.fixture
def commits():
    """Count the commits of the default session while the test runs."""
    seen = []

    def on_commit(session):
        seen.append(session)

    sa_event.listen(Session, "after_commit", on_commit)
    yield seen
    sa_event.remove(Session, "after_commit", on_commit)


def _fail_after(monkeypatch, target, name, calls):
    """Make `target.name` raise once it has been reached, and note that it was."""

    def boom(*args, **kwargs):
        calls.append(name)
        raise Boom(name)

    monkeypatch.setattr(target, name, boom)


# Each action: (prepare(world) -> run(), where its later step fails: (module, attribute)).


def _moderator_edit(w):
    question = w["qa"].question()
    moderator = w["mod"].moderator()
    return lambda: moderation.edit_post(moderator, "question", question.id, body="A moderator's cleaner text here.")


def _publish_resolution(w):
    ticket = w["tickets"].ticket()
    agent = w["tickets"].agent()
    return lambda: escalation.publish_resolution(agent, ticket.id, "Update the driver to 2.1; that fixes it.")


def _move_post_into_ticket(w):
    ticket = w["tickets"].ticket()
    answer = w["qa"].answer(db.session.get(Question, ticket.question_id), body="My phone is 555-0100, call me.")
    agent = w["tickets"].agent()
    return lambda: escalation.move_post_into_ticket(agent, ticket.id, "answer", answer.id)


def _hide_answer(w):
    answer = w["qa"].answer(w["qa"].question())
    moderator = w["mod"].moderator()
    return lambda: moderation.moderate(moderator, "answer", answer.id, "hide", reason="Spam")


def _move_question(w):
    question = w["qa"].question()
    other = w["qa"].space(name="Elsewhere")
    moderator = w["mod"].moderator()
    return lambda: moderation.moderate(moderator, "question", question.id, "move", space=other.id)


def _flag_hides(w):
    answer = w["qa"].answer(w["qa"].question())
    trusted = w["f"].user(role="moderator")
    return lambda: flags.flag_post(trusted, "answer", answer.id, reason="spam")


ACTIONS = {
    "moderator edit": (_moderator_edit, ("app.moderation.services", "log_action")),
    "publish resolution": (_publish_resolution, ("app.tickets.escalation", "audience")),
    "move post into ticket": (_move_post_into_ticket, ("app.qa.services", "_save_revision")),
    "hide answer": (_hide_answer, ("app.qa.services", "refresh_answer_count")),
    "move question": (_move_question, ("app.qa.services", "record")),
    "flag hides post": (_flag_hides, ("app.moderation.flags", "log_action")),
}


def _table_counts() -> dict[str, int]:
    db.session.expire_all()
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


@pytest.mark.config(MODERATION_HIDE_FLAG_THRESHOLD=1)
@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_commits_once_with_its_events(world, commits, name):
    run = ACTIONS[name][0](world)
    last_event = db.session.scalar(select(func.max(Event.id)))
    commits.clear()
    run()
    assert len(commits) == 1
    assert db.session.scalar(select(func.count(Event.id)).where(Event.id > last_event)) >= 1


@pytest.mark.config(MODERATION_HIDE_FLAG_THRESHOLD=1)
@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_failing_half_way_leaves_no_row_and_no_event(world, monkeypatch, name):
    prepare, (module, attribute) = ACTIONS[name]
    run = prepare(world)
    before = _table_counts()
    titles = dict(db.session.execute(select(Question.id, Question.body)).all())
    spaces = dict(db.session.execute(select(Question.id, Question.space_id)).all())
    reached = []
    _fail_after(monkeypatch, __import__(module, fromlist=["_"]), attribute, reached)
    with pytest.raises(Boom):
        run()
    assert reached, "the injected failure was never reached"
    assert _table_counts() == before
    assert dict(db.session.execute(select(Question.id, Question.body)).all()) == titles
    assert dict(db.session.execute(select(Question.id, Question.space_id)).all()) == spaces


def test_nested_units_join_the_outermost_one(world, commits):
    qa = world["qa"]
    commits.clear()
    with pytest.raises(Boom):
        with unit_of_work():
            qa.space(name="Joined space")  # a public service that commits on its own
            assert commits == []
            raise Boom("later")
    assert db.session.scalar(select(func.count(Space.id)).where(Space.name == "Joined space")) == 0
    with unit_of_work():
        qa.space(name="Kept space")
        qa.space(name="Second kept space")
    assert len(commits) == 1
    assert db.session.scalar(select(func.count(Space.id))) == 2
