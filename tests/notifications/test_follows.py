"""Following through the services, the web toggle and the API."""

import pytest

from app.core.errors import NotFound, ValidationError
from app.notifications import follows


def test_follow_is_idempotent_and_unfollow_removes(qa, make_user):
    user = make_user()
    question = qa.ask(make_user())
    assert follows.set_following(user, "question", question.id, True) is True
    assert follows.set_following(user, "question", str(question.id), True) is False
    assert follows.follower_ids("question", question.id) == [user.id]
    assert follows.set_following(user, "question", question.id, False) is True
    assert follows.set_following(user, "question", question.id, False) is False
    assert not follows.is_following(user, "question", question.id)


def test_tags_are_followed_by_name_case_insensitively(qa, make_user):
    user = make_user()
    qa.tag("export")
    follows.set_following(user, "tag", " Export ", True)
    assert follows.is_following(user, "tag", "EXPORT")
    assert follows.follower_ids("tag", "export") == [user.id]


@pytest.mark.parametrize(
    ("target_type", "target_id", "field"),
    [
        ("spaceship", 1, "target_type"),
        ("", 1, "target_type"),
        ("question", None, "target_id"),
        ("question", "abc", "target_id"),
        ("question", -3, "target_id"),
        ("question", True, "target_id"),
    ],
)
def test_bad_follow_input_names_the_field(qa, make_user, in_request, target_type, target_id, field):
    with pytest.raises(ValidationError) as info:
        follows.follow(make_user(), target_type, target_id)
    assert field in info.value.fields


def test_nobody_follows_what_they_cannot_see(qa, make_user, in_request):
    customer, moderator = make_user(), make_user(role="moderator")
    held = qa.ask(make_user(), status="held")
    with pytest.raises(NotFound):
        follows.follow(customer, "question", held.id)
    with pytest.raises(NotFound):
        follows.follow(customer, "question", 999_999)
    with pytest.raises(NotFound):
        follows.follow(customer, "tag", "no-such-tag")
    follows.follow(moderator, "question", held.id)


def test_move_followers_counts_each_person_once(qa, make_user):
    from app.extensions import db

    a, b = make_user(), make_user()
    one, two = qa.ask(make_user()), qa.ask(make_user())
    follows.set_following(a, "question", one.id, True)
    follows.set_following(b, "question", one.id, True)
    follows.set_following(a, "question", two.id, True)
    follows.move_followers("question", one.id, two.id)
    db.session.commit()
    assert follows.follower_ids("question", two.id) == sorted([a.id, b.id])
    assert follows.follower_ids("question", one.id) == []


# --- web -------------------------------------------------------------------------------------


def test_web_toggle_follows_and_unfollows_and_goes_back(qa, make_user, client_for):
    user = make_user()
    question = qa.ask(make_user())
    client = client_for(user)
    data = {
        "target_type": "question",
        "target_id": question.id,
        "action": "follow",
        "next": "/notifications/?from=question",
    }
    response = client.post("/notifications/follow", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/notifications/?from=question"
    assert follows.is_following(user, "question", question.id)
    response = client.post("/notifications/follow", data={**data, "action": "unfollow"}, follow_redirects=True)
    assert not follows.is_following(user, "question", question.id)


def test_web_toggle_refuses_an_outside_next(qa, make_user, client_for):
    question = qa.ask(make_user())
    response = client_for(make_user()).post(
        "/notifications/follow",
        data={"target_type": "question", "target_id": question.id, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/notifications/"


def test_web_toggle_bad_input_is_a_400_page_naming_the_field(qa, make_user, client_for):
    response = client_for(make_user()).post("/notifications/follow", data={"target_type": "rocket", "target_id": "1"})
    assert response.status_code == 400
    assert "target_type" in response.get_data(as_text=True)


def test_follow_button_macro_renders_both_states(app, make_user):
    from flask import render_template_string
    from flask_login import login_user

    user = make_user()
    template = (
        '{% from "notifications/_macros.html" import follow_button %}{{ follow_button("question", 7, following) }}'
    )
    with app.test_request_context("/questions/7"):
        login_user(user)
        html = render_template_string(template, following=False)
        assert 'value="follow"' in html and ">Follow<" in html
        html = render_template_string(template, following=True)
        assert 'value="unfollow"' in html and "Following" in html and 'aria-pressed="true"' in html


def test_follow_button_looks_up_the_state_itself(app, qa, make_user):
    from flask import render_template_string
    from flask_login import login_user

    user = make_user()
    question = qa.ask(make_user())
    follows.set_following(user, "question", question.id, True)
    template = '{% from "notifications/_macros.html" import follow_button %}{{ follow_button("question", qid) }}'
    with app.test_request_context("/"):
        assert "/auth/login" in render_template_string(template, qid=question.id)  # anonymous: sign-in link
        login_user(user)
        assert 'value="unfollow"' in render_template_string(template, qid=question.id)


# --- API -------------------------------------------------------------------------------------


def test_api_follow_then_unfollow(qa, make_user, api_client):
    user = make_user()
    question = qa.ask(make_user())
    client = api_client(user)
    body = {"target_type": "question", "target_id": question.id}
    first = client.post("/api/v1/follows", json=body)
    assert first.status_code == 201 and first.json["following"] is True
    again = client.post("/api/v1/follows", json=body)
    assert again.status_code == 200 and again.json["changed"] is False
    listed = client.get("/api/v1/follows?target_type=question").json["items"]
    assert listed[0]["target_id"] == str(question.id)
    gone = client.delete("/api/v1/follows", json=body)
    assert gone.status_code == 200 and gone.json["following"] is False


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"target_type": "rocket", "target_id": 1}, 400, "target_type"),
        ({"target_id": 1}, 400, "target_type"),
        ({"target_type": 5, "target_id": 1}, 400, "target_type"),
        ({"target_type": "question"}, 400, "target_id"),
        ({"target_type": "question", "target_id": "x"}, 400, "target_id"),
        ({"target_type": "question", "target_id": [1]}, 400, "target_id"),
    ],
)
def test_api_bad_input(make_user, api_client, qa, body, status, field):
    response = api_client(make_user()).post("/api/v1/follows", json=body)
    assert response.status_code == status
    assert field in response.json["error"]["fields"]


def test_api_unknown_or_hidden_target_is_404(qa, make_user, api_client):
    held = qa.ask(make_user(), status="held")
    client = api_client(make_user())
    assert client.post("/api/v1/follows", json={"target_type": "question", "target_id": held.id}).status_code == 404
    assert client.post("/api/v1/follows", json={"target_type": "space", "target_id": 12345}).status_code == 404


def test_api_follow_needs_json(make_user, api_client):
    response = api_client(make_user()).post("/api/v1/follows", data="target_type=question")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_json"


def test_openapi_documents_follows_and_notifications(app, client_for):
    paths = client_for(None).get("/api/v1/openapi.json").json["paths"]
    assert set(paths["/follows"]) == {"get", "post", "delete"}
    assert "get" in paths["/notifications"] and "post" in paths["/notifications/read"]
