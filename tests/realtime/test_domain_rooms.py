"""Rooms come from the domains: each registers its prefix and join rule with its own app."""

from app import create_app
from app.extensions import db
from app.realtime import rooms
from config import TestingConfig
from tests.ideas.factories import IdeaFactories
from tests.realtime.conftest import join, named


def test_idea_rooms_follow_the_ideas_domain_rule_and_carry_idea_events(factories, make_user, sio_for, drain_events):
    idea = IdeaFactories(factories).idea()
    drain_events()
    anonymous = sio_for(None)
    assert join(anonymous, f"idea:{idea.id}") == {"ok": True, "room": f"idea:{idea.id}"}
    assert join(sio_for(make_user()), "idea:999999") == {"ok": False}
    anonymous.get_received()
    from app.ideas import services

    services.add_comment(make_user(), idea, "Me too, please.")
    drain_events()
    assert [e["kind"] for e in named(anonymous, "event")] == ["idea.commented"]


def test_an_app_without_a_domain_has_no_room_for_it(app, database_url):
    """Registries are per app: an app built without ideas and tickets refuses their rooms."""
    bare = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": database_url, "KITH_DOMAINS": ("main", "mail", "auth", "qa", "realtime")},
    )
    with bare.app_context():
        assert rooms.parse_room("idea:1") is None and rooms.parse_room("ticket:1") is None
        assert rooms.parse_room("question:1") == ("question", "1")
        db.engine.dispose()
    assert rooms.parse_room("idea:1") == ("idea", "1")  # the test's own app still has them
