"""The demo data gives demo users follows, so they have notifications once the consumer runs."""

from app.demo.services import load_demo
from app.notifications import services
from tests.notifications.factories import notifications_of


def test_demo_users_follow_spaces_and_get_notifications(app, drain_events, in_request):
    users = load_demo()
    drain_events()
    alice, mei, carol = users["alice"], users["mei"], users["carol"]
    assert services.list_follows(alice)
    assert notifications_of(alice), "alice follows Billing, where others asked questions"
    assert services.email_mode(mei.id) == "daily" and services.email_mode(carol.id) == "off"
