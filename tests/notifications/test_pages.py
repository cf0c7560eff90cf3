"""The notifications page, the nav badge, marking read, and the JSON list."""

from app.extensions import db
from app.notifications.models import Notification
from tests.notifications.factories import follow, notifications_of


def _answered(qa, make_user, drain_events, watcher, n=1):
    question = qa.ask(make_user(), title="How do I export invoices to CSV?")
    follow(watcher, "question", question.id)
    for _ in range(n):
        qa.answer(question, make_user(display_name="Bea Answerer"))
    drain_events()
    return question


def test_badge_and_list_show_unread_notifications(qa, make_user, client_for, drain_events):
    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher, n=2)
    html = client_for(watcher).get("/notifications/").get_data(as_text=True)
    assert "data-unread-count >2<" in html
    assert html.count("Bea Answerer answered") == 2
    assert "How do I export invoices to CSV?" in html
    assert "You follow this." in html
    assert "Mark all as read" in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_thread(qa, make_user, client_for, drain_events):
    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher)
    [note] = notifications_of(watcher)
    client = client_for(watcher)
    response = client.get(f"/notifications/{note.id}")
    assert response.status_code == 302 and response.headers["Location"] == note.url
    assert "data-unread-count hidden" in client.get("/notifications/").get_data(as_text=True)


def test_mark_one_and_mark_all_read(qa, make_user, client_for, drain_events):
    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher, n=3)
    first, *rest = notifications_of(watcher)
    client = client_for(watcher)
    assert client.post(f"/notifications/{first.id}/read").status_code == 302
    assert "data-unread-count >2<" in client.get("/notifications/").get_data(as_text=True)
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "Marked 2 notifications as read." in response.get_data(as_text=True)
    db.session.expire_all()
    assert all(n.read_at for n in notifications_of(watcher))


def test_someone_elses_notification_is_404(qa, make_user, client_for, drain_events):
    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher)
    [note] = notifications_of(watcher)
    other = client_for(make_user())
    assert other.get(f"/notifications/{note.id}").status_code == 404
    assert other.post(f"/notifications/{note.id}/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


def test_pagination_and_unread_filter(qa, make_user, client_for, drain_events):
    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher, n=23)
    client = client_for(watcher)
    page1 = client.get("/notifications/").get_data(as_text=True)
    assert "Page 1 of 2" in page1 and page1.count('class="notification is-unread"') == 20
    page2 = client.get("/notifications/?page=2").get_data(as_text=True)
    assert page2.count('class="notification is-unread"') == 3
    assert client.get("/notifications/?page=abc").status_code == 400
    client.post("/notifications/read-all")
    assert "No unread notifications." in client.get("/notifications/?filter=unread").get_data(as_text=True)


def test_empty_page_explains_following(make_user, client_for):
    html = client_for(make_user()).get("/notifications/").get_data(as_text=True)
    assert "No notifications yet." in html


def test_page_is_translated(qa, make_user, client_for, drain_events):
    watcher = make_user(locale="zh_Hans")
    _answered(qa, make_user, drain_events, watcher)
    html = client_for(watcher).get("/notifications/").get_data(as_text=True)
    assert "通知" in html and "回答了" in html


def test_api_lists_and_marks_read(qa, make_user, api_client, drain_events):
    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher, n=2)
    client = api_client(watcher)
    data = client.get("/api/v1/notifications").json
    assert data["unread_count"] == 2 and data["total"] == 2
    item = data["items"][0]
    assert item["text"] == "Bea Answerer answered" and item["title"] == "How do I export invoices to CSV?"
    assert item["actor"]["display_name"] == "Bea Answerer" and item["read_at"] is None
    marked = client.post("/api/v1/notifications/read", json={"ids": [item["id"], 999999]}).json
    assert marked == {"marked": 1, "unread_count": 1}
    assert client.get("/api/v1/notifications?unread=1").json["total"] == 1
    assert client.post("/api/v1/notifications/read", json={"all": True}).json == {"marked": 1, "unread_count": 0}


def test_api_bad_input(make_user, api_client):
    client = api_client(make_user())
    response = client.post("/api/v1/notifications/read", json={"ids": "all"})
    assert response.status_code == 400 and "ids" in response.json["error"]["fields"]
    response = client.post("/api/v1/notifications/read", json={})
    assert response.status_code == 400 and "ids" in response.json["error"]["fields"]
    response = client.get("/api/v1/notifications?page=0")
    assert response.status_code == 400 and "page" in response.json["error"]["fields"]
    response = client.get("/api/v1/notifications?per_page=1000")
    assert response.status_code == 400 and "per_page" in response.json["error"]["fields"]


def test_unread_count_query_is_cheap_on_every_page(qa, make_user, client_for, drain_events):
    """The badge costs one COUNT query per page, however many notifications there are."""
    from sqlalchemy import event

    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher, n=5)
    client = client_for(watcher)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get("/")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert sum("FROM notification" in s for s in statements) == 1


def test_marking_read_tells_other_tabs_the_new_count(qa, make_user, client_for, drain_events):
    from sqlalchemy import select

    from app.core.events import Event

    watcher = make_user()
    _answered(qa, make_user, drain_events, watcher, n=2)
    first = notifications_of(watcher)[0]
    client = client_for(watcher)
    client.post(f"/notifications/{first.id}/read")
    client.post("/notifications/read-all")
    client.post("/notifications/read-all")  # nothing left: no event
    rows = db.session.scalars(select(Event).where(Event.kind == "notification.read").order_by(Event.id)).all()
    assert [(e.audience, e.payload["unread_count"]) for e in rows] == [
        (f"user:{watcher.id}", 1),
        (f"user:{watcher.id}", 0),
    ]


def test_forms_carry_a_csrf_token(app, qa, make_user, client_for, drain_events):
    import re

    watcher = make_user()
    question = _answered(qa, make_user, drain_events, watcher)
    client = client_for(watcher)
    app.config["WTF_CSRF_ENABLED"] = True
    html = client.get("/notifications/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post("/notifications/read-all").status_code == 400  # no token: refused
    assert client.post("/notifications/read-all", data={"csrf_token": token}).status_code == 302
    data = {"csrf_token": token, "target_type": "question", "target_id": question.id, "action": "unfollow"}
    assert client.post("/notifications/follow", data=data).status_code == 302
    account = client.get("/auth/account").get_data(as_text=True)
    assert 'action="/notifications/preferences"' in account and 'name="csrf_token"' in account


def test_the_page_runs_the_same_few_queries_for_1_or_20_notifications(qa, make_user, client_for, drain_events):
    from sqlalchemy import event

    def queries(user):
        client = client_for(user)
        seen = []

        def count(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/notifications/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    one, many = make_user(), make_user()
    _answered(qa, make_user, drain_events, one, n=1)
    _answered(qa, make_user, drain_events, many, n=20)
    counts = (queries(one), queries(many))
    assert counts[0] == counts[1] <= 8, counts
