from sqlalchemy import select

from app.extensions import db
from app.moderation.models import ModerationAction


def test_queue_shows_flagged_and_held_posts_oldest_first_with_context(make_user, qa, mod, client_for):
    moderator = make_user(role="moderator")
    spammer = make_user(display_name="Sam Spammer")
    first = qa.question(spammer, title="Buy cheap watches today please")
    second = qa.answer(qa.question(), spammer, body="Even cheaper watches on my site")
    mod.flag(first, make_user(display_name="Fiona Flagger"), reason="spam", note="Obvious spam")
    mod.flag(second, reason="offensive")

    html = client_for(moderator).get("/moderation/queue").get_data(as_text=True)

    assert html.index("Buy cheap watches") < html.index("Even cheaper watches")
    assert "Sam Spammer" in html and "Fiona Flagger" in html and "Obvious spam" in html
    assert "Questions: 1" in html and "Answers: 1" in html  # the author's history


def test_moderator_clears_a_spam_wave_and_undoes_a_wrong_action_on_the_web(make_user, qa, client_for):
    moderator = make_user(role="moderator")
    spammer = make_user()
    posts = [qa.question(spammer, title=f"Spam wave post number {i}") for i in range(3)]
    client = client_for(moderator)

    response = client.post(f"/moderation/users/{spammer.id}/spam", data={"action": "hide", "suspend_days": "7"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Undo the whole batch" in page
    db.session.expire_all()
    assert all(p.status == "held" for p in posts) and spammer.is_suspended

    # One of them was fine after all: undo just that one from the audit log.
    row = db.session.scalars(
        select(ModerationAction).where(ModerationAction.target_id == posts[1].id, ModerationAction.action == "hide")
    ).one()
    assert client.post(f"/moderation/audit/{row.id}/undo").status_code == 302
    db.session.expire_all()
    assert posts[1].status == "visible" and posts[0].status == "held"
    audit_page = client.get("/moderation/audit").get_data(as_text=True)
    assert "undone by" in audit_page


def test_restriction_form_errors_are_spelled_out(make_user, client_for):
    client = client_for(make_user(role="moderator"))
    response = client.post(f"/moderation/users/{make_user().id}/restrict", data={"kind": "suspend", "days": "0"})
    assert response.status_code == 400
    assert "Choose between 1 and" in response.get_data(as_text=True)
