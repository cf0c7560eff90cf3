"""The idea rows of the JSON API (PRODUCT.md §8)."""

import pytest

from app.ideas import services


def test_submit_list_read_vote_and_unvote(api_client, make_user, ideas):
    board = ideas.board(slug="cloud")
    customer = make_user(tier="gold")
    api = api_client(customer)
    response = api.post("/api/v1/ideas", json={"board": "cloud", "title": "Single sign-on", "body": "SAML *please*"})
    assert response.status_code == 201, response.json
    idea_id = response.json["id"]
    assert "<em>please</em>" in response.json["body_html"]

    assert api.post(f"/api/v1/ideas/{idea_id}/vote").json["votes"] == 1
    again = api.post(f"/api/v1/ideas/{idea_id}/vote").json
    assert again["votes"] == 1 and again["voted"] is True and again["weighted_demand"] == 3

    listed = api_client(None).get("/api/v1/ideas?board=cloud&sort=weighted").json
    assert [i["id"] for i in listed["ideas"]] == [idea_id]
    assert api_client(None).get("/api/v1/ideas?sort=new").status_code == 200
    detail = api_client(None).get(f"/api/v1/ideas/{idea_id}").json
    assert detail["votes"] == 1 and detail["board"]["slug"] == board.slug

    gone = api.delete(f"/api/v1/ideas/{idea_id}/vote").json
    assert gone["votes"] == 0 and gone["voted"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"board": "cloud"}, "title"),
        ({"title": "Needs a board"}, "board"),
        ({"board": "cloud", "title": 5}, "title"),
        ({"board": "cloud", "title": "Fine title", "body": ["x"]}, "body"),
    ],
)
def test_bad_idea_input_names_the_field(api_client, make_user, ideas, body, field):
    ideas.board(slug="cloud")
    response = api_client(make_user()).post("/api/v1/ideas", json=body)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_unknown_board_sort_and_status_are_clear_errors(api_client):
    client = api_client(None)
    assert client.get("/api/v1/ideas?board=nope").status_code == 404
    assert "sort" in client.get("/api/v1/ideas?sort=best").json["error"]["fields"]
    assert "status" in client.get("/api/v1/ideas?status=shipped").json["error"]["fields"]


def test_status_change_by_pm_with_response(api_client, ideas, pm):
    idea = ideas.idea()
    response = api_client(pm).post(f"/api/v1/ideas/{idea.id}/status", json={"status": "planned", "response": "Q3"})
    assert response.status_code == 200
    assert response.json["status"] == "planned"
    assert response.json["response"]["response_html"].strip() == "<p>Q3</p>"
    assert response.json["history"][0]["from"] == "open"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"status": "shipped"}, 400, "status"),
        ({"status": "duplicate"}, 400, "status"),
        ({}, 400, "status"),
        ({"status": 3}, 400, "status"),
        ({"status": "open"}, 400, "status"),  # no change and no response
    ],
)
def test_bad_status_requests(api_client, ideas, pm, body, status, field):
    idea = ideas.idea()
    response = api_client(pm).post(f"/api/v1/ideas/{idea.id}/status", json=body)
    assert response.status_code == status
    assert field in response.json["error"]["fields"]


def test_customer_status_change_is_forbidden(api_client, ideas, make_user):
    idea = ideas.idea()
    response = api_client(make_user()).post(f"/api/v1/ideas/{idea.id}/status", json={"status": "planned"})
    assert response.status_code == 403
    assert api_client(None).post(f"/api/v1/ideas/{idea.id}/status", json={"status": "planned"}).status_code == 401


def test_votes_on_closed_and_merged_ideas_are_409(api_client, ideas, make_user, pm):
    closed, dup, original = ideas.idea(), ideas.idea(), ideas.idea()
    ideas.status(closed, "completed")
    api = api_client(make_user())
    response = api.post(f"/api/v1/ideas/{closed.id}/vote")
    assert response.status_code == 409 and response.json["error"]["code"] == "idea_closed"
    api_client(pm).post(f"/api/v1/ideas/{dup.id}/merge", json={"into": original.id})
    response = api.post(f"/api/v1/ideas/{dup.id}/vote")
    assert response.status_code == 409 and response.json["error"]["code"] == "idea_merged"


def test_merge_and_undo_via_api(api_client, ideas, make_user, pm):
    original, dup = ideas.idea(), ideas.idea()
    both = make_user()
    ideas.vote(original, both)
    ideas.vote(dup, both, make_user())
    api = api_client(pm)
    assert api.post(f"/api/v1/ideas/{dup.id}/merge", json={"into": dup.id}).status_code == 400
    merged = api.post(f"/api/v1/ideas/{dup.id}/merge", json={"into": original.id})
    assert merged.status_code == 201 and merged.json["moved_voters"] == 1
    assert api.get(f"/api/v1/ideas/{original.id}").json["votes"] == 2
    assert api.get(f"/api/v1/ideas/{dup.id}").json["merged_into"] == original.id
    into_own_duplicate = api.post(f"/api/v1/ideas/{original.id}/merge", json={"into": dup.id})
    assert into_own_duplicate.status_code == 400 and "into" in into_own_duplicate.json["error"]["fields"]
    undone = api.post(f"/api/v1/ideas/merges/{merged.json['id']}/undo")
    assert undone.status_code == 200 and undone.json["undone_at"]
    assert api.get(f"/api/v1/ideas/{original.id}").json["votes"] == 1
    assert api.get(f"/api/v1/ideas/{dup.id}").json["votes"] == 2
    assert api.post(f"/api/v1/ideas/merges/{merged.json['id']}/undo").status_code == 409
    assert api.post(f"/api/v1/ideas/{dup.id}/merge", json={"into": "x"}).status_code == 400


def test_boards_api(api_client, admin, make_user):
    assert api_client(admin).post("/api/v1/boards", json={"name": "Cloud", "vote_budget": 3}).status_code == 201
    assert api_client(admin).post("/api/v1/boards", json={"name": "Cloud"}).status_code == 409
    assert api_client(admin).post("/api/v1/boards", json={"name": "X", "vote_budget": "lots"}).status_code == 400
    assert api_client(make_user()).post("/api/v1/boards", json={"name": "Mine"}).status_code == 403
    boards = api_client(None).get("/api/v1/boards").json["boards"]
    assert [b["slug"] for b in boards] == ["cloud"] and boards[0]["vote_budget"] == 3
    roadmap = api_client(None).get("/api/v1/boards/cloud/roadmap").json
    assert set(roadmap["columns"]) == {"planned", "in_progress", "completed"}


def test_demand_endpoint(api_client, ideas, make_user, pm):
    idea = ideas.vote(ideas.idea(), make_user(tier="platinum"))
    data = api_client(pm).get("/api/v1/ideas/demand?sort=votes").json
    assert data["ideas"][0]["id"] == idea.id
    assert data["ideas"][0]["voters_by_tier"] == {"platinum": 1}
    assert api_client(make_user()).get("/api/v1/ideas/demand").status_code == 403


def test_openapi_documents_idea_paths(api_client):
    paths = api_client(None).get("/api/v1/openapi.json").json["paths"]
    for path in ("/ideas", "/ideas/{id}", "/ideas/{id}/vote", "/ideas/{id}/status", "/ideas/{id}/merge", "/boards"):
        assert path in paths


def test_comment_via_api(api_client, ideas, make_user):
    idea = ideas.idea()
    api = api_client(make_user())
    response = api.post(f"/api/v1/ideas/{idea.id}/comments", json={"body": "Yes **please**"})
    assert response.status_code == 201 and "<strong>please</strong>" in response.json["body_html"]
    assert api.post(f"/api/v1/ideas/{idea.id}/comments", json={"body": ""}).status_code == 400
    assert services.get_idea(idea.id).comment_count == 1
