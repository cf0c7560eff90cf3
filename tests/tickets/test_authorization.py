"""Who may use each ticket route and API endpoint: anonymous, requester, other customer, moderator, admin."""

import pytest

from app.tickets import services

VIEWERS = ("anonymous", "requester", "other", "moderator", "admin")


@pytest.fixture
def people(tickets, make_user):
    agent = tickets.agent()
    requester = make_user()
    ticket = tickets.ticket(requester, agent=agent)
    return {
        "ticket": ticket,
        "agent": agent,
        "anonymous": None,
        "requester": requester,
        "other": make_user(),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }


# (method, path, form data, expected status per viewer in VIEWERS order)
WEB = [
    ("get", "/tickets", None, (302, 200, 200, 200, 200)),
    ("get", "/tickets/queue", None, (302, 403, 403, 200, 200)),
    ("get", "/tickets/{id}", None, (302, 200, 404, 200, 200)),
    ("post", "/tickets/{id}/messages", {"body": "Hello"}, (302, 302, 404, 302, 302)),
    ("post", "/tickets/{id}/update", {"priority": "high"}, (302, 403, 404, 302, 302)),
    ("post", "/tickets/{id}/rate", {"score": "5"}, (302, 409, 404, 403, 403)),
    ("post", "/tickets/{id}/publish", {"body": "The fix"}, (302, 403, 404, 302, 302)),
    ("post", "/tickets/{id}/move-post", {"post_type": "question", "post_id": "{qid}"}, (302, 403, 404, 302, 302)),
]


def _fill(value, ticket):
    return value.replace("{id}", str(ticket.id)).replace("{qid}", str(ticket.question_id))


@pytest.mark.parametrize(("method", "path", "data", "expected"), WEB, ids=[f"{m} {p}" for m, p, _d, _e in WEB])
def test_web_routes(people, client_for, method, path, data, expected):
    ticket = people["ticket"]
    for viewer, status in zip(VIEWERS, expected, strict=True):
        form = {k: _fill(v, ticket) for k, v in (data or {}).items()}
        response = getattr(client_for(people[viewer]), method)(_fill(path, ticket), data=form)
        assert response.status_code == status, f"{viewer}: {response.status_code}"


def test_escalate_web_route(people, client_for, qa):
    asker = people["requester"]
    statuses = {}
    for viewer in ("anonymous", "other", "requester"):
        question = qa.question(asker)
        statuses[viewer] = client_for(people[viewer]).post(f"/questions/{question.id}/escalate").status_code
    moderator_q = qa.question(asker)
    statuses["moderator"] = (
        client_for(people["moderator"])
        .post(f"/questions/{moderator_q.id}/escalate", data={"priority": "high"})
        .status_code
    )
    again = client_for(people["admin"]).post(f"/questions/{moderator_q.id}/escalate", data={"priority": "high"})
    assert statuses == {"anonymous": 302, "other": 403, "requester": 302, "moderator": 302}
    assert again.status_code == 409


API = [
    ("get", "/api/v1/tickets", None, (401, 200, 200, 200, 200)),
    ("get", "/api/v1/tickets/{id}", None, (401, 200, 404, 200, 200)),
    ("patch", "/api/v1/tickets/{id}", {"priority": "urgent"}, (401, 403, 404, 200, 200)),
    ("post", "/api/v1/tickets/{id}/messages", {"body": "Hi"}, (401, 201, 404, 201, 201)),
    ("post", "/api/v1/tickets/{id}/messages", {"body": "Note", "internal": True}, (401, 403, 404, 201, 201)),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), API, ids=[f"{m} {p} {b}" for m, p, b, _e in API])
def test_api_endpoints(people, api_client, method, path, body, expected):
    ticket = people["ticket"]
    for viewer, status in zip(VIEWERS, expected, strict=True):
        client = api_client(people[viewer])
        response = (
            getattr(client, method)(_fill(path, ticket), json=body)
            if body
            else getattr(client, method)(_fill(path, ticket))
        )
        assert response.status_code == status, f"{viewer}: {response.get_data(as_text=True)[:200]}"


def test_escalate_api_endpoint(people, api_client, qa):
    asker = people["requester"]
    results = {}
    for viewer in VIEWERS:
        question = qa.question(asker)
        results[viewer] = (
            api_client(people[viewer]).post(f"/api/v1/questions/{question.id}/escalate", json={}).status_code
        )
    assert results == {"anonymous": 401, "requester": 201, "other": 403, "moderator": 201, "admin": 201}


def test_api_bad_input_is_a_clear_400(people, api_client):
    agent, ticket = people["agent"], people["ticket"]
    client = api_client(agent)
    cases = [
        ("patch", f"/api/v1/tickets/{ticket.id}", {"status": "paused"}, "status"),
        ("patch", f"/api/v1/tickets/{ticket.id}", {"priority": "asap"}, "priority"),
        ("patch", f"/api/v1/tickets/{ticket.id}", {"assignee_id": "bob"}, "assignee_id"),
        ("patch", f"/api/v1/tickets/{ticket.id}", {"colour": "red"}, "colour"),
        ("post", f"/api/v1/tickets/{ticket.id}/messages", {"body": ""}, "body"),
        ("post", f"/api/v1/tickets/{ticket.id}/messages", {"body": "x", "internal": "yes"}, "internal"),
        ("post", f"/api/v1/questions/{ticket.question_id}/escalate", {"priority": 3}, "priority"),
    ]
    for method, path, body, field in cases:
        response = getattr(client, method)(path, json=body)
        assert response.status_code == 400, (path, body, response.get_data(as_text=True))
        assert field in response.get_json()["error"]["fields"], (path, body)


def test_api_escalating_twice_and_reopening_closed_are_conflicts(people, api_client):
    agent, ticket = people["agent"], people["ticket"]
    client = api_client(agent)
    assert client.post(f"/api/v1/questions/{ticket.question_id}/escalate", json={}).status_code == 409
    assert client.patch(f"/api/v1/tickets/{ticket.id}", json={"status": "closed"}).status_code == 200
    reopened = client.patch(f"/api/v1/tickets/{ticket.id}", json={"status": "open"})
    assert reopened.status_code == 409
    assert "status" in reopened.get_json()["error"]["fields"]
    services.add_message(people["requester"], ticket.id, "Still broken")
    assert client.get(f"/api/v1/tickets/{ticket.id}").get_json()["status"] == "open"


@pytest.mark.config(QA_POST_RATE_LIMIT="2 per minute")
def test_replies_and_escalations_are_rate_limited(people, api_client, client_for):
    client = api_client(people["requester"])
    statuses = [
        client.post(f"/api/v1/tickets/{people['ticket'].id}/messages", json={"body": f"Hello {i}"}).status_code
        for i in range(3)
    ]
    assert statuses == [201, 201, 429]


def test_sla_clocks_are_for_the_support_team_only(people, api_client, client_for):
    ticket = people["ticket"]
    assert "sla" in api_client(people["agent"]).get(f"/api/v1/tickets/{ticket.id}").get_json()
    assert "sla" not in api_client(people["requester"]).get(f"/api/v1/tickets/{ticket.id}").get_json()
    assert "First response" in client_for(people["agent"]).get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "First response" not in client_for(people["requester"]).get(f"/tickets/{ticket.id}").get_data(as_text=True)
