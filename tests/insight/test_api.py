"""/api/v1 insight routes: staff see everything, partner managers their customers, customers nothing."""

import pytest

from app.core.events import run_all_consumers


def _routes(cast):
    acme, other, alice, olga = cast["acme"].id, cast["other"].id, cast["customer"].id, cast["outsider"].id
    return {
        "metrics": "/api/v1/insight/metrics?measure=deflection&period=month",
        "orgs": "/api/v1/organizations",
        "acme": f"/api/v1/organizations/{acme}",
        "other": f"/api/v1/organizations/{other}",
        "acme_timeline": f"/api/v1/organizations/{acme}/timeline",
        "other_timeline": f"/api/v1/organizations/{other}/timeline",
        "alice_timeline": f"/api/v1/users/{alice}/timeline",
        "olga_timeline": f"/api/v1/users/{olga}/timeline",
        "causes": "/api/v1/root-causes",
    }


EVERYTHING = {"metrics", "orgs", "acme", "other", "acme_timeline", "other_timeline", "alice_timeline", "olga_timeline",
              "causes"}  # fmt: skip
ALLOWED = {
    "admin": EVERYTHING,
    "moderator": EVERYTHING,
    "pm": EVERYTHING - {"metrics"},  # product managers: the idea measures only (below)
    "partner": {"metrics", "orgs", "acme", "acme_timeline", "alice_timeline", "causes"},
    "customer": set(),
}


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_insight_api_by_role(cast, api_client, who):
    client = api_client(cast[who])
    for name, url in _routes(cast).items():
        status = client.get(url).status_code
        assert status == (200 if name in ALLOWED[who] else 403), (who, name, status)
    created = client.post("/api/v1/root-causes", json={"name_en": f"Reason of {who}"})
    assert created.status_code == (201 if who == "admin" else 403)


def test_product_manager_gets_the_idea_measures(cast, api_client):
    client = api_client(cast["pm"])
    assert client.get("/api/v1/insight/metrics?measure=ideas_demand").status_code == 200
    keys = [m["key"] for m in client.get("/api/v1/insight/metrics").get_json()["measures"]]
    assert keys == ["ideas_demand", "loop_closure"]


def test_anonymous_gets_401(cast, api_client):
    for url in _routes(cast).values():
        assert api_client(None).get(url).status_code == 401


def test_partner_sees_only_its_customers(cast, api_client):
    names = {o["name"] for o in api_client(cast["partner"]).get("/api/v1/organizations").get_json()["organizations"]}
    assert names == {"Acme"}


def test_timeline_pages_and_metrics_shape(cast, api_client, qa):
    for n in range(3):
        qa.question(cast["customer"], title=f"Question number {n} about invoices")
    run_all_consumers()
    client = api_client(cast["moderator"])
    url = f"/api/v1/users/{cast['customer'].id}/timeline?kind=question&limit=2"
    first = client.get(url).get_json()
    assert [r["title"] for r in first["timeline"]] == [
        "Question number 2 about invoices",
        "Question number 1 about invoices",
    ]
    second = client.get(f"{url}&before={first['next_before']}").get_json()
    assert [r["title"] for r in second["timeline"]] == ["Question number 0 about invoices"]
    assert second["next_before"] is None
    data = client.get("/api/v1/insight/metrics?measure=accepted_rate&period=month").get_json()
    assert [m["key"] for m in data["measures"]] == ["accepted_rate"]
    assert data["measures"][0]["series"][-1]["asked"] == 3
    org = client.get(f"/api/v1/organizations/{cast['acme'].id}").get_json()
    assert org["tier"] == "gold" and org["partner"]["name"] == "Resell Co" and org["summary"]["contacts"] == 3


@pytest.mark.parametrize(
    "url",
    ["/api/v1/insight/metrics?period=year", "/api/v1/insight/metrics?measure=nope", "/api/v1/insight/metrics?from=x",
     "/api/v1/users/{alice}/timeline?limit=0", "/api/v1/users/{alice}/timeline?kind=magic"],
)  # fmt: skip
def test_bad_input_is_400(cast, api_client, url):
    response = api_client(cast["admin"]).get(url.format(alice=cast["customer"].id))
    assert response.status_code == 400 and response.get_json()["error"]["message"]


def test_root_cause_validation(cast, api_client):
    client = api_client(cast["admin"])
    assert client.post("/api/v1/root-causes", json={"name_en": 5}).status_code == 400
    assert client.post("/api/v1/root-causes", json={}).status_code == 400
    assert client.post("/api/v1/root-causes", json={"name_en": "Billing"}).status_code == 201
    assert client.post("/api/v1/root-causes", json={"name_en": "billing"}).status_code == 409
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/insight/metrics", "/organizations/{id}/timeline", "/root-causes"} <= set(spec["paths"])
