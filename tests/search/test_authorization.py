"""The search page and API: open to everyone, the same public results for every role."""

import pytest

from tests.search.factories import set_status

ROLES = ["anonymous", "customer", "other_customer", "moderator", "admin"]


@pytest.fixture
def users(make_user):
    return {"anonymous": None, "customer": make_user(), "other_customer": make_user(),
            "moderator": make_user(role="moderator"), "admin": make_user(role="admin")}  # fmt: skip


@pytest.fixture
def indexed(s, users):
    visible = s.question("Public pelican question about exports", body="Visible to all.")
    held = s.question("Held pelican question about exports", body="Only staff see this.")
    set_status(held, "held")
    s.drain()
    return visible, held


@pytest.mark.parametrize("role", ROLES)
def test_search_page_for_every_role(client_for, users, indexed, role):
    response = client_for(users[role]).get("/search?q=pelican")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Public <mark>pelican</mark> question" in html
    assert "Held" not in html
    assert "1 result" in html


@pytest.mark.parametrize("role", ROLES)
def test_search_api_for_every_role(api_client, users, indexed, role):
    response = api_client(users[role]).get("/api/v1/search?q=pelican")
    data = response.get_json()
    assert response.status_code == 200
    assert data["total"] == 1
    assert [r["title"] for r in data["results"]] == ["Public pelican question about exports"]
    assert "<mark>pelican</mark>" in data["results"][0]["snippet_html"] or "<mark>" in data["results"][0]["title_html"]


def test_empty_search_page_shows_the_form(client_for):
    response = client_for().get("/search")
    assert response.status_code == 200 and 'name="q"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "field"),
    [("q=", "q"), ("q=x&sort=best", "sort"), ("q=x&type=ticket", "type"), ("q=x&page=0", "page"),
     ("q=x&page=abc", "page"), ("q=x&solved=maybe", "solved"), ("q=" + "x" * 201, "q")],
)  # fmt: skip
def test_api_bad_parameters_are_a_400_naming_the_field(api_client, query, field):
    response = api_client().get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]


def test_page_bad_parameter_is_a_400(client_for):
    assert client_for().get("/search?q=x&sort=best").status_code == 400


def test_api_pagination_and_filters(api_client, s):
    for i in range(12):
        s.article(f"Heron article number {i}", "Herons.")
    s.drain()
    data = api_client().get("/api/v1/search?q=heron&type=kb&sort=newest&page=2").get_json()
    assert (data["total"], data["page"], data["pages"], len(data["results"])) == (12, 2, 2, 2)
    assert data["results"][0]["type"] == "kb" and data["results"][0]["url"].startswith("/kb/")


def test_api_did_you_mean(api_client, s):
    s.article("Heron migration guide", "Herons migrate.")
    s.drain()
    data = api_client().get("/api/v1/search?q=migratoin").get_json()
    assert data["did_you_mean"] == "migration" and data["total"] == 1


def test_page_escapes_the_query_and_highlights(client_for, s):
    s.article("Heron guide", "Herons & <b>egrets</b> <script>alert(1)</script>.")
    s.drain()
    html = client_for().get("/search?q=%3Cb%3Eegrets+heron").get_data(as_text=True)
    assert "<mark>Heron</mark> guide" in html
    assert "&lt;<mark>b</mark>&gt;<mark>egrets</mark>&lt;/<mark>b</mark>&gt;" in html
    assert "<script>alert" not in html and 'value="&lt;b&gt;egrets heron"' in html


def test_page_links_pages(client_for, s):
    for i in range(11):
        s.article(f"Egret article number {i}", "Egrets.")
    s.drain()
    html = client_for().get("/search?q=egret&type=kb").get_data(as_text=True)
    assert "page=2" in html and "type=kb" in html and "11 results" in html
