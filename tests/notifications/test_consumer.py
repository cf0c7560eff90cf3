"""Who hears about what: the notifications consumer over Q&A events."""

from sqlalchemy import func, select

from app.core.events import Event
from app.extensions import db
from app.notifications import follows
from tests.notifications.factories import follow, notifications_of


def test_question_followers_hear_about_new_answers_but_not_the_answerer(qa, make_user, drain_events):
    asker, watcher, answerer = make_user(), make_user(), make_user()
    question = qa.ask(asker)
    follow(watcher, "question", question.id)
    drain_events()
    qa.answer(question, answerer)
    drain_events()

    [note] = notifications_of(watcher)
    assert note.kind == "answer.created" and note.reason == "follower"
    assert note.title == question.title and note.actor_id == answerer.id
    assert note.url.endswith(f"#answer-{question.id}") or "#answer-" in note.url
    [asker_note] = notifications_of(asker)
    assert asker_note.reason == "asker"
    assert notifications_of(answerer) == []


def test_asking_and_answering_follow_the_question(qa, make_user, drain_events):
    asker, answerer, commenter = make_user(), make_user(), make_user()
    question = qa.ask(asker)
    drain_events()
    assert follows.is_following(asker, "question", question.id)
    answer = qa.answer(question, answerer)
    drain_events()
    assert follows.is_following(answerer, "question", question.id)
    qa.comment(question, commenter)
    drain_events()
    assert [n.kind for n in notifications_of(answerer)] == ["comment.created"]
    # the asker hears once per event: as the author of the commented post, not twice as a follower
    assert [n.reason for n in notifications_of(asker)] == ["asker", "author"]
    assert answer.id


def test_space_and_tag_followers_hear_about_new_questions_once(qa, make_user, drain_events):
    asker, space_fan, tag_fan, both = make_user(), make_user(), make_user(), make_user()
    space = qa.space()
    qa.tag("billing")
    follow(space_fan, "space", space.id)
    follow(tag_fan, "tag", "Billing")
    follow(both, "space", space.id)
    follow(both, "tag", "billing")
    qa.ask(asker, space, tags=["billing", "export"])
    drain_events()

    assert [n.reason for n in notifications_of(space_fan)] == ["space_follower"]
    assert [n.reason for n in notifications_of(tag_fan)] == ["tag_follower"]
    assert len(notifications_of(both)) == 1
    assert notifications_of(asker) == []


def test_accepted_answer_notifies_only_its_author(qa, make_user, drain_events):
    asker, answerer, watcher = make_user(), make_user(), make_user()
    question = qa.ask(asker)
    answer = qa.answer(question, answerer)
    follow(watcher, "question", question.id)
    drain_events()
    before = len(notifications_of(watcher))
    qa.accept(answer, asker)
    drain_events()
    assert notifications_of(answerer)[-1].kind == "answer.accepted"
    assert len(notifications_of(watcher)) == before


def test_mentions_notify_the_mentioned_user_but_not_in_code(qa, make_user, drain_events):
    asker = make_user()
    ann = make_user(username="ann")
    bob = make_user(username="bob")
    question = qa.ask(asker, body="Hi @Ann, see `@bob` and mail me at x@bob.com\n\n```\n@bob\n```")
    drain_events()
    [note] = notifications_of(ann)
    assert note.kind == "mention" and note.reason == "mention" and note.title == question.title
    assert notifications_of(bob) == []


def test_mention_beats_follower_and_the_actor_mentioning_themselves_is_skipped(qa, make_user, drain_events):
    asker = make_user()
    ann = make_user(username="ann2")
    question = qa.ask(asker)
    follow(ann, "question", question.id)
    qa.answer(question, asker, body=f"@ann2 what do you think? (and me, @{asker.username})")
    drain_events()
    [note] = notifications_of(ann)
    assert note.kind == "mention"
    assert notifications_of(asker) == []


def test_held_question_only_reaches_staff(qa, make_user, drain_events):
    asker, fan, moderator = make_user(), make_user(), make_user(role="moderator")
    space = qa.space()
    follow(fan, "space", space.id)
    follow(moderator, "space", space.id)
    qa.ask(asker, space, status="held")
    drain_events()
    assert notifications_of(fan) == []
    assert len(notifications_of(moderator)) == 1


def test_followers_who_can_no_longer_see_a_question_are_skipped(qa, make_user, drain_events):
    asker, fan, answerer = make_user(), make_user(), make_user()
    question = qa.ask(asker)
    follow(fan, "question", question.id)
    question.status = "deleted"
    db.session.commit()
    qa.answer(question, answerer)  # e.g. an answer racing the deletion
    drain_events()
    assert notifications_of(fan) == []


def test_each_notification_records_a_private_event_with_the_unread_count(qa, make_user, drain_events):
    asker, fan = make_user(), make_user()
    question = qa.ask(asker)
    follow(fan, "question", question.id)
    qa.answer(question, make_user())
    qa.answer(question, make_user())
    drain_events()
    rows = db.session.scalars(
        select(Event).where(Event.kind == "notification.created", Event.audience == f"user:{fan.id}")
    )
    assert [e.payload["unread_count"] for e in rows] == [1, 2]


def test_replaying_an_event_creates_no_duplicates(qa, make_user, drain_events):
    from app.notifications.consumer import notify

    asker, fan = make_user(), make_user()
    question = qa.ask(asker)
    follow(fan, "question", question.id)
    qa.answer(question, make_user())
    drain_events()
    event = db.session.scalars(select(Event).where(Event.kind == "answer.created")).one()
    assert notify(event) == []
    db.session.commit()
    assert len(notifications_of(fan)) == 1


def test_events_nobody_registered_notify_nobody(app, make_user, drain_events):
    from app.core.events import record

    user, fan = make_user(), make_user()
    record("question.voted", actor=user, subject_type="question", subject_id=1, payload={"question_id": 1})
    db.session.commit()
    drain_events()
    from app.notifications.models import Notification

    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert notifications_of(fan) == []


def test_other_domains_plug_in_their_own_rules_and_targets(app, make_user, drain_events):
    """What the ideas and tickets domains do: a target type, a rule, a message."""
    from flask_babel import lazy_gettext as _l

    from app.core.events import record
    from app.notifications import registry

    owner, voter, stranger = make_user(), make_user(), make_user()
    registry.register_follow_target(
        app,
        "gadget",
        lambda i: i == 5,
        lambda user, i: user.id != stranger.id,
        url_fn=lambda i: f"/gadgets/{i}",
        title_fn=lambda i: "Gadget five",
    )
    registry.register_recipients(app, "gadget.shipped", lambda event: [(voter.id, "voter"), (stranger.id, "voter")])
    registry.register_message(app, "gadget.shipped", _l("%(actor)s shipped it"))
    registry.register_thread_key(app, "gadget_id", "gadget")
    record("gadget.shipped", actor=owner, subject_type="gadget", subject_id=5, payload={"gadget_id": 5})
    db.session.commit()
    drain_events()
    [note] = notifications_of(voter)
    assert (note.title, note.url, note.target_type, note.target_id) == ("Gadget five", "/gadgets/5", "gadget", "5")
    assert notifications_of(stranger) == []


def test_approving_a_held_question_notifies_space_followers_in_the_authors_name(qa, make_user, drain_events):
    from app.core.events import record

    asker, fan, moderator = make_user(display_name="Hal"), make_user(), make_user(role="moderator")
    space = qa.space()
    follow(fan, "space", space.id)
    question = qa.ask(asker, space, status="held")
    drain_events()
    assert notifications_of(fan) == []
    question.status = "visible"
    record(
        "question.approved",
        actor=moderator,
        subject_type="question",
        subject_id=question.id,
        payload={"question_id": question.id, "space_id": space.id, "author_id": asker.id},
    )
    db.session.commit()
    drain_events()
    [note] = notifications_of(fan)
    assert note.actor_id == asker.id and note.reason == "space_follower"
    assert notifications_of(asker) == []
    assert follows.is_following(asker, "question", question.id)


def test_rules_may_build_urls_with_url_for(app, make_user, drain_events):
    """The consumer runs outside any request; domains' url_fn may still use url_for."""
    from flask import url_for

    from app.core.events import record
    from app.notifications import registry

    owner, fan = make_user(), make_user()
    registry.register_follow_target(
        app, "widget", lambda i: True, lambda user, i: True, url_fn=lambda i: url_for("notifications.index") + f"?w={i}"
    )
    registry.register_thread_key(app, "widget_id", "widget")
    registry.register_notification_kind(app, "widget.changed")
    follows.add_follow(fan.id, "widget", 3)
    record("widget.changed", actor=owner, subject_type="widget", subject_id=3, payload={"widget_id": 3})
    db.session.commit()
    drain_events()
    [note] = notifications_of(fan)
    assert note.url == "/notifications/?w=3"


def test_a_broken_rule_does_not_silence_the_others(app, qa, make_user, drain_events):
    from app.notifications import registry

    def broken(event):
        raise RuntimeError("bug in another domain")

    registry.register_recipients(app, "answer.created", broken)  # this test's app only
    asker = make_user()
    question = qa.ask(asker)
    qa.answer(question, make_user())
    drain_events()
    assert [n.reason for n in notifications_of(asker)] == ["asker"]


def test_registrations_belong_to_one_app(app, database_url):
    """A rule registered with one app is not seen by another: tests need no clean-up."""
    from app import create_app
    from app.notifications import registry
    from config import TestingConfig

    other = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    registry.register_recipients(other, "gadget.shipped", lambda event: [])
    assert registry.rules_for("gadget.shipped") == []
    assert registry.notifies("question.created")  # Q&A registered its own rules with this app too
    with other.app_context():
        assert len(registry.rules_for("gadget.shipped")) == 1
        db.engine.dispose()
