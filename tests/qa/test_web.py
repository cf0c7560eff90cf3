"""Q&A pages as a person uses them: lists, asking, answering, voting, accepting, editing."""

import re
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.qa import voting
from app.qa.models import Answer, Comment, Question, Space


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html).group(1)


def test_lists_sort_filter_and_paginate(qa, make_user, client_for):
    alice, bob = make_user(), make_user()
    space = qa.space("Billing", slug="billing")
    other = qa.space("Mobile", slug="mobile")
    voted = qa.question(alice, space=space, title="The most voted question", tags=["pdf"])
    answered = qa.question(alice, space=space, title="An answered but unsolved one")
    qa.answer(answered, bob)
    mobile = qa.question(alice, space=other, title="A question about the phone app")
    voting.vote(bob, "question", voted.id, 1)
    client = client_for(None)
    page = client.get("/questions?sort=votes").get_data(as_text=True)
    assert page.index("The most voted question") < page.index("An answered but unsolved one")
    unanswered = client.get("/questions?status=unanswered").get_data(as_text=True)
    assert "An answered but unsolved one" not in unanswered and "The most voted question" in unanswered
    in_space = client.get("/spaces/billing").get_data(as_text=True)
    assert "The most voted question" in in_space and mobile.title not in in_space
    tagged = client.get("/tags/pdf").get_data(as_text=True)
    assert "The most voted question" in tagged and "An answered but unsolved one" not in tagged
    assert client.get("/spaces/nope").status_code == 404
    assert client.get("/tags/nope").status_code == 404
    assert client.get("/questions?sort=bogus").status_code == 400
    assert client.get("/questions?status=bogus").status_code == 400
    assert "The most voted question" in client.get("/").get_data(as_text=True)


def test_pagination_has_a_second_page(qa, make_user, client_for):
    author = make_user(role="moderator")
    for n in range(23):
        qa.question(author, title=f"Paginated question number {n:02d}")
    client = client_for(None)
    first = client.get("/questions").get_data(as_text=True)
    second = client.get("/questions?page=2").get_data(as_text=True)
    assert "Paginated question number 22" in first and "Paginated question number 00" not in first
    assert "Paginated question number 00" in second and "Page 2 of 2" in second


def test_chinese_question_urls_work_and_wrong_slugs_redirect(qa, client_for):
    q = qa.question(title="我的数据库连接失败怎么办？")
    client = client_for(None)
    response = client.get(f"/questions/{q.id}/{quote(q.slug)}")
    assert response.status_code == 200 and "我的数据库连接失败怎么办？" in response.get_data(as_text=True)
    assert f'data-question-id="{q.id}"' in response.get_data(as_text=True)
    moved = client.get(f"/questions/{q.id}/old-slug")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(quote(q.slug))


def test_ask_answer_comment_vote_accept_through_the_forms(qa, make_user, client_for):
    space_id = str(qa.space("General", slug="general").id)
    alice, bob = make_user(display_name="Alice"), make_user(display_name="Bob")
    asker = client_for(alice)
    form = asker.get("/questions/ask").get_data(as_text=True)
    key = _key(form)
    data = {"title": "How do I reset my API token?", "body": "It *expired*.", "space": space_id, "tags": "api token",
            "idempotency_key": key}  # fmt: skip
    first = asker.post("/questions/ask", data=data)
    again = asker.post("/questions/ask", data=data)  # double click
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count(Question.id))) == 1
    q = db.session.scalar(select(Question))
    helper = client_for(bob)
    page = helper.get(first.headers["Location"]).get_data(as_text=True)
    response = helper.post(
        f"/questions/{q.id}/answers", data={"body": "Use **Settings**.", "idempotency_key": _key(page)}
    )
    answer = db.session.scalar(select(Answer))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#answer-{answer.id}")
    helper.post(f"/questions/{q.id}/comments", data={"body": "Which plan are you on?"})
    asker.post(f"/answers/{answer.id}/comments", data={"body": "Thanks!"})
    asker.post(f"/answers/{answer.id}/vote", data={"value": "1"})
    assert asker.post(f"/answers/{answer.id}/accept").status_code == 302
    helper.post(f"/questions/{q.id}/me-too")
    page = client_for(None).get(f"/questions/{q.id}/{q.slug}").get_data(as_text=True)
    assert "Solved" in page and "Accepted answer" in page and "data-accepted" in page
    assert "Which plan are you on?" in page and "Thanks!" in page
    assert re.search(rf'data-score-for="answer-{answer.id}"[^>]*>1<', page)
    assert "1 person has this question" in page
    assert db.session.scalar(select(func.count(Comment.id))) == 2


def test_form_errors_name_the_field(qa, make_user, client_for):
    space_id = str(qa.space().id)
    client = client_for(make_user())
    response = client.post("/questions/ask", data={"title": "", "body": "x", "space": space_id})
    assert response.status_code == 400 and "Enter a title." in response.get_data(as_text=True)
    response = client.post("/questions/ask", data={"title": "A long enough title", "body": "x", "space": "999999"})
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)
    response = client.post(
        "/questions/ask", data={"title": "A long enough title", "body": "x" * 30_001, "space": space_id}
    )
    assert response.status_code == 400 and "30000" in response.get_data(as_text=True)
    q = qa.question()
    response = client.post(f"/questions/{q.id}/answers", data={"body": ""})
    assert response.status_code == 400 and "Write something first." in response.get_data(as_text=True)
    response = client.post(f"/questions/{q.id}/comments", data={"body": "c" * 601}, follow_redirects=True)
    assert "600" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_edit_links_show_only_when_allowed_and_edits_keep_history(qa, make_user, client_for):
    alice, bob = make_user(), make_user()
    q = qa.question(alice, title="Original question title", body="old <b>line</b>")
    url = f"/questions/{q.id}/{q.slug}"
    assert f"/questions/{q.id}/edit" not in client_for(bob).get(url).get_data(as_text=True)
    assert client_for(bob).get(f"/questions/{q.id}/edit").status_code == 403
    owner = client_for(alice)
    assert f"/questions/{q.id}/edit" in owner.get(url).get_data(as_text=True)
    response = owner.post(f"/questions/{q.id}/edit", data={"title": "Edited question title", "body": "new <i>line</i>",
                                                           "space": str(q.space_id), "tags": "x"})  # fmt: skip
    assert response.status_code == 302
    history = client_for(None).get(f"/questions/{q.id}/revisions").get_data(as_text=True)
    assert "Revision 2" in history and "Original question title" in history
    assert "&lt;b&gt;line&lt;/b&gt;" in history and "<b>line</b>" not in history


def test_author_deletes_and_moderator_restores_from_the_page(qa, make_user, client_for):
    alice, mod = make_user(), make_user(role="moderator")
    q = qa.question(alice)
    assert client_for(alice).post(f"/questions/{q.id}/delete").status_code == 302
    assert client_for(None).get(f"/questions/{q.id}/{q.slug}").status_code == 404
    page = client_for(mod).get(f"/questions/{q.id}/{q.slug}").get_data(as_text=True)
    assert "Deleted" in page and f"/questions/{q.id}/restore" in page
    client_for(mod).post(f"/questions/{q.id}/restore")
    assert client_for(None).get(f"/questions/{q.id}/{q.slug}").status_code == 200


def test_admin_creates_spaces_with_the_form_and_the_cli(app, make_user, client_for):
    admin = client_for(make_user(role="admin"))
    response = admin.post(
        "/admin/spaces", data={"name": "Getting started <b>now</b>", "description": "First steps", "position": 1}
    )
    assert response.status_code == 302
    space = db.session.scalar(select(Space))
    assert space.slug == "getting-started-now" and space.name == "Getting started now"
    page = admin.get("/admin/spaces").get_data(as_text=True)
    assert "getting-started-now" in page
    result = app.test_cli_runner().invoke(args=["spaces", "create", "--name", "数据与报表", "--slug", "reports"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Space.id))) == 2
    duplicate = app.test_cli_runner().invoke(args=["spaces", "create", "--name", "数据与报表"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output


@pytest.mark.parametrize("path", ["/questions/ask", "/admin/spaces"])
def test_anonymous_visitors_are_sent_to_sign_in(client_for, path):
    response = client_for(None).get(path)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
