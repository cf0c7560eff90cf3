"""The OpenAPI document and the Flask rules under /api/v1 describe the same operations."""

import pytest

from app.api.openapi import api_rules, openapi_path, rule_methods
from tests.qa.factories import QAFactories

UNDOCUMENTED = {"api.openapi_document"}  # the document does not list itself


def test_every_api_rule_is_in_the_document_and_back(app, client):
    doc = client.get("/api/v1/openapi.json").json
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    routed = {
        (openapi_path(rule), method)
        for rule in api_rules(app)
        if rule.endpoint not in UNDOCUMENTED
        for method in rule_methods(rule)
    }
    assert routed - documented == set(), "Flask rules missing from the OpenAPI document"
    assert documented - routed == set(), "documented operations that no Flask rule serves"
    assert len(routed) > 50


def test_declared_limits_are_the_services_limits(client):
    from app.qa.text import BODY_MAX, MAX_TAGS, TITLE_MAX, TITLE_MIN

    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    question = schemas["NewQuestion"]["properties"]
    # the width rule (a CJK character counts as two) is stated in the description; characters: half of it
    assert (question["title"]["minLength"], question["title"]["maxLength"]) == ((TITLE_MIN + 1) // 2, TITLE_MAX)
    assert f"At least {TITLE_MIN} wide" in question["title"]["description"]
    assert question["body"]["maxLength"] == BODY_MAX
    assert question["tags"]["maxItems"] == MAX_TAGS


def test_an_over_long_title_is_refused_by_the_declared_limit(api_client, make_user):
    response = api_client(make_user()).post(
        "/api/v1/questions", json={"title": "x" * 151, "body": "body", "space": "general"}
    )
    assert response.status_code == 400
    assert response.json["error"]["fields"]["title"] == "Must be at most 150 characters."


@pytest.mark.parametrize(
    ("title", "status"),
    [("網格怎麼設定呢", 201), ("工具列不見了", 201), ("短", 400), ("too short", 400), ("A title long enough", 201)],
)
def test_a_cjk_character_counts_as_two_in_api_titles(api_client, make_user, factories, title, status):
    space = QAFactories(factories).space()
    body = {"title": title, "body": "Some details about the problem.", "space": space.slug}
    response = api_client(make_user()).post("/api/v1/questions", json=body)
    assert response.status_code == status, response.get_json()
