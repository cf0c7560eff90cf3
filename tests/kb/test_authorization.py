"""Who may do what on the knowledge-base pages and API: one row per route and role."""

import pytest

ROLES = ["anonymous", "customer", "moderator", "admin"]


@pytest.fixture
def users(make_user):
    return {"anonymous": None, "customer": make_user(), "moderator": make_user(role="moderator"),
            "admin": make_user(role="admin")}  # fmt: skip


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 200), ("customer", 200), ("moderator", 200), ("admin", 200)],
)
@pytest.mark.parametrize("path", ["/kb", "/kb/{id}/export-your-invoices", "/api/v1/kb", "/api/v1/kb/{id}"])
def test_reading_is_public(client_for, users, article, role, expected, path):
    response = client_for(users[role]).get(path.format(id=article.id))
    assert response.status_code == expected


def test_unknown_article_is_404(client_for, api_client):
    assert client_for().get("/kb/999/x").status_code == 404
    assert api_client().get("/api/v1/kb/999").get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("customer", 403), ("moderator", 200), ("admin", 200)]
)
@pytest.mark.parametrize("path", ["/kb/new", "/kb/{id}/edit"])
def test_writing_pages(client_for, users, article, role, expected, path):
    assert client_for(users[role]).get(path.format(id=article.id)).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("customer", 403), ("moderator", 302), ("admin", 302)]
)
def test_posting_a_new_article(client_for, users, role, expected):
    response = client_for(users[role]).post("/kb/new", data={"title": "A new article", "body": "Some text."})
    assert response.status_code == expected


def test_web_form_errors_name_the_field(client_for, users):
    response = client_for(users["moderator"]).post("/kb/new", data={"title": "Hi", "body": "Some text."})
    assert response.status_code == 400
    assert "Use at least 5 characters." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("customer", 403), ("moderator", 302), ("admin", 302)]
)
def test_promote_route(client_for, users, accepted_answer, role, expected):
    assert client_for(users[role]).post(f"/kb/promote/{accepted_answer.id}").status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 401), ("customer", 403), ("moderator", 201), ("admin", 201)]
)
def test_api_create(api_client, users, role, expected):
    response = api_client(users[role]).post("/api/v1/kb", json={"title": "API article", "body": "Text"})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 401), ("customer", 403), ("moderator", 200), ("admin", 200)]
)
def test_api_edit(api_client, users, article, role, expected):
    response = api_client(users[role]).patch(f"/api/v1/kb/{article.id}", json={"title": "Renamed article"})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 401), ("customer", 403), ("moderator", 201), ("admin", 201)]
)
def test_api_promote(api_client, users, accepted_answer, role, expected):
    response = api_client(users[role]).post(f"/api/v1/answers/{accepted_answer.id}/promote")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("body", "field"), [({"title": "", "body": "x"}, "title"), ({"title": "Fine title", "body": 3}, "body")]
)
def test_api_bad_input_is_a_400_naming_the_field(api_client, users, body, field):
    response = api_client(users["moderator"]).post("/api/v1/kb", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]


def test_article_page_shows_the_rendered_body_and_edit_link_for_staff(client_for, users, article):
    page = client_for(users["moderator"]).get(f"/kb/{article.id}/{article.slug}").get_data(as_text=True)
    assert "<strong>Billing</strong>" in page and f"/kb/{article.id}/edit" in page
    public = client_for().get(f"/kb/{article.id}/{article.slug}").get_data(as_text=True)
    assert f"/kb/{article.id}/edit" not in public


def test_wrong_slug_redirects(client_for, article):
    response = client_for().get(f"/kb/{article.id}/old-slug")
    assert response.status_code == 301 and response.headers["Location"].endswith(article.slug)
