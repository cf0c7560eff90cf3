"""Notification mail: instant, daily digest, off; the email setting; one-click unsubscribe."""

from datetime import timedelta

from sqlalchemy import select

from app.core.timeutil import utcnow
from app.extensions import db
from app.mail.models import OutboxEmail
from app.notifications import mailer, services
from tests.notifications.factories import follow


def _outbox(to=None, kind=None):
    stmt = select(OutboxEmail).order_by(OutboxEmail.id)
    if to:
        stmt = stmt.where(OutboxEmail.to_address == to)
    if kind:
        stmt = stmt.where(OutboxEmail.kind == kind)
    return list(db.session.scalars(stmt))


def _answer_to(qa, make_user, drain_events, watcher, n=1, title="Printer driver keeps crashing"):
    question = qa.ask(make_user(), title=title)
    follow(watcher, "question", question.id)
    for _ in range(n):
        qa.answer(question, make_user(display_name="Dan Helper"))
    drain_events()
    return question


def test_instant_mail_by_default_with_link_and_unsubscribe(qa, make_user, drain_events):
    watcher = make_user(display_name="Wanda")
    _answer_to(qa, make_user, drain_events, watcher)
    [mail] = _outbox(watcher.email)
    assert mail.kind == "notification"
    assert mail.subject == "Dan Helper answered: Printer driver keeps crashing"
    assert "Hello Wanda," in mail.body_text
    assert "http://127.0.0.1:5000/questions/" in mail.body_text or "/question" in mail.body_text
    assert "http://127.0.0.1:5000/notifications/unsubscribe/" in mail.body_text
    token = mail.body_text.split("/notifications/unsubscribe/")[1].split()[0]
    assert mailer.user_for_unsubscribe(token).id == watcher.id


def test_chinese_recipients_get_chinese_mail(qa, make_user, drain_events):
    watcher = make_user(locale="zh_Hant")
    _answer_to(qa, make_user, drain_events, watcher, title="印表機驅動程式一直當機")
    [mail] = _outbox(watcher.email)
    assert "回答了" in mail.subject and "印表機驅動程式一直當機" in mail.subject
    assert "取消訂閱" in mail.body_text


def test_off_and_daily_send_no_instant_mail(qa, make_user, drain_events, in_request):
    quiet, daily = make_user(), make_user()
    services.set_email_mode(quiet, "off")
    services.set_email_mode(daily, "daily")
    question = _answer_to(qa, make_user, drain_events, quiet)
    follow(daily, "question", question.id)
    qa.answer(question, make_user())
    drain_events()
    assert _outbox(quiet.email) == [] and _outbox(daily.email) == []
    assert services.unread_count(quiet) == 2  # in-app notifications still arrive


def test_daily_digest_sends_one_mail_with_unread_since_last_digest(qa, make_user, drain_events, in_request):
    daily = make_user(display_name="Dee")
    services.set_email_mode(daily, "daily")
    _answer_to(qa, make_user, drain_events, daily, n=3, title="Sync stops after an hour")
    first_note = services.list_notifications(daily).items[-1]
    services.mark_read(daily, first_note.id)

    assert mailer.send_daily_digests() == 1
    [mail] = _outbox(daily.email, "notification_digest")
    assert mail.subject == "Your Kith digest: 2 new notifications"
    assert mail.body_text.count("Dan Helper answered: Sync stops after an hour") == 2
    assert "/notifications/unsubscribe/" in mail.body_text
    # nothing new since: no second mail
    assert mailer.send_daily_digests(now=utcnow() + timedelta(days=1)) == 0


def test_digest_skips_instant_and_off_users(qa, make_user, drain_events, in_request):
    instant, off = make_user(), make_user()
    services.set_email_mode(off, "off")
    _answer_to(qa, make_user, drain_events, instant)
    _answer_to(qa, make_user, drain_events, off)
    assert mailer.send_daily_digests() == 0
    assert _outbox(kind="notification_digest") == []


def test_digest_cli(app, qa, make_user, drain_events, in_request):
    daily = make_user()
    services.set_email_mode(daily, "daily")
    _answer_to(qa, make_user, drain_events, daily)
    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0 and "digests queued: 1" in result.output


def test_account_page_shows_and_saves_the_email_setting(make_user, client_for):
    user = make_user()
    client = client_for(user)
    html = client.get("/auth/account").get_data(as_text=True)
    assert 'id="notification-settings"' in html
    assert 'value="instant" checked' in html
    response = client.post("/notifications/preferences", data={"email_mode": "daily"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Your notification email setting was saved." in html and 'value="daily" checked' in html
    assert services.email_mode(user.id) == "daily"


def test_bad_email_setting_is_refused(make_user, client_for):
    user = make_user()
    response = client_for(user).post("/notifications/preferences", data={"email_mode": "hourly"}, follow_redirects=True)
    assert "Choose how you want to receive notification mail." in response.get_data(as_text=True)
    assert services.email_mode(user.id) == "instant"


def test_unsubscribe_link_works_without_signing_in(app, make_user, client_for):
    user = make_user()
    with app.test_request_context():
        token = mailer.unsubscribe_token(user.id)
    client = client_for(None)
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and f"Stop notification mail to {user.email}?" in page.get_data(as_text=True)
    assert services.email_mode(user.id) == "instant"  # a GET (mail scanners) changes nothing
    done = client.post(f"/notifications/unsubscribe/{token}")
    assert done.status_code == 200 and "will get no more notification mail" in done.get_data(as_text=True)
    assert services.email_mode(user.id) == "off"


def test_tampered_unsubscribe_token_is_a_clear_400(app, make_user, client_for):
    user = make_user()
    with app.test_request_context():
        token = mailer.unsubscribe_token(user.id)
    client = client_for(None)
    for bad in (token[:-2] + "xx", "nonsense", token.replace(".", "!", 1)):
        response = client.post(f"/notifications/unsubscribe/{bad}")
        assert response.status_code == 400
        assert "This unsubscribe link is not valid." in response.get_data(as_text=True)
    assert services.email_mode(user.id) == "instant"


def test_token_signed_with_another_salt_or_key_is_refused(app, make_user, client_for):
    from itsdangerous import URLSafeSerializer

    user = make_user()
    forged = URLSafeSerializer("testing-secret-key", salt="password-reset").dumps({"u": user.id})
    assert client_for(None).get(f"/notifications/unsubscribe/{forged}").status_code == 400


def test_token_of_a_deleted_account_is_404(app, make_user, client_for):
    with app.test_request_context():
        token = mailer.unsubscribe_token(987654)
    response = client_for(None).get(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 404 and "no longer exists" in response.get_data(as_text=True)


def test_mail_clients_can_unsubscribe_with_one_post_and_no_csrf_token(app, make_user):
    """RFC 8058: the client POSTs List-Unsubscribe=One-Click; the signed token is the proof."""
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    with app.test_request_context():
        token = mailer.unsubscribe_token(user.id)
    response = app.test_client().post(f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert services.email_mode(user.id) == "off"
