"""Searches, result clicks and similar-question suggestions are recorded as staff-only events."""

import logging

import pytest
from sqlalchemy import select

from app.core.events import Event
from app.extensions import db
from app.search import analytics


def _events(kind):
    db.session.expire_all()
    return list(db.session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


@pytest.fixture
def pelican(s):
    question = s.question("Pelican export fails on large files", body="Exports stop at 2 GB.")
    s.drain()
    return question


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("Export CSV", "en"),
        ("导出报表", "zh_Hans"),
        ("匯出報表", "zh_Hant"),
        ("ＣＳＶ 匯出", "zh_Hant"),
        ("CSV 导出", "zh_Hans"),
    ],
)
def test_language_is_guessed_from_the_script(query, language):
    assert analytics.guess_language(query) == language


def test_normalised_query_folds_case_width_spaces_and_script():
    assert analytics.normalize("  Export   ＣＳＶ ") == "export csv"
    assert analytics.normalize("匯出報表") == analytics.normalize("导出报表")


def test_search_page_records_who_searched_what_and_how_many_results(client_for, make_user, pelican):
    user = make_user()
    html = client_for(user).get("/search?q=Pelican+EXPORT&type=question").get_data(as_text=True)
    (event,) = _events(analytics.PERFORMED)
    assert event.actor_id == user.id and event.audience == analytics.AUDIENCE
    p = event.payload
    assert (p["query"], p["normalized"], p["language"], p["results"], p["source"]) == (
        "Pelican EXPORT", "pelican export", "en", 1, "page")  # fmt: skip
    assert p["filters"] == {"type": "question"}
    assert analytics.valid_search_id(p["search_id"])
    # The result links through the click redirect, carrying the search id and the rank.
    assert f"/search/go/question/{pelican.id}?sid={p['search_id']}&amp;rank=1" in html


def test_anonymous_api_search_is_recorded_without_an_actor(api_client, pelican):
    data = api_client(None).get("/api/v1/search?q=" + "匯出").get_json()
    (event,) = _events(analytics.PERFORMED)
    assert event.actor_id is None
    assert event.payload["results"] == data["total"] == 0
    assert event.payload["language"] == "zh_Hant" and event.payload["source"] == "api"
    assert data["search_id"] == event.payload["search_id"]


def test_api_results_carry_a_click_url_that_counts_the_click(api_client, pelican):
    client = api_client(None)
    data = client.get("/api/v1/search?q=pelican").get_json()
    (result,) = data["results"]
    assert result["click_url"] == f"/search/go/question/{pelican.id}?sid={data['search_id']}&rank=1"
    assert client.get(result["click_url"]).headers["Location"] == result["url"]
    (click,) = _events(analytics.CLICKED)
    assert click.payload["search_id"] == data["search_id"]


def test_empty_queries_and_bots_are_not_recorded(client_for, pelican):
    client = client_for(None)
    assert client.get("/search?q=").status_code == 200
    assert client.get("/search?q=+++").status_code == 200
    bot = client.get("/search?q=pelican", headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    assert bot.status_code == 200 and f'href="/questions/{pelican.id}' in bot.get_data(as_text=True)
    assert _events(analytics.PERFORMED) == []


def test_a_recording_failure_does_not_break_search(client_for, pelican, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("event log down")

    monkeypatch.setattr(analytics.events, "record", broken)
    with caplog.at_level(logging.WARNING, logger="app.search.analytics"):
        response = client_for(None).get("/search?q=pelican")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Pelican" in html
    assert f'href="/questions/{pelican.id}' in html  # no search id: a plain link
    assert "could not record search.performed" in caplog.text


def test_click_redirect_records_the_click_and_goes_to_the_document(client_for, make_user, pelican):
    user = make_user()
    client = client_for(user)
    client.get("/search?q=pelican")
    (search,) = _events(analytics.PERFORMED)
    sid = search.payload["search_id"]
    response = client.get(f"/search/go/question/{pelican.id}?sid={sid}&rank=3")
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/questions/{pelican.id}")
    (click,) = _events(analytics.CLICKED)
    assert click.actor_id == user.id and click.audience == analytics.AUDIENCE
    assert click.payload == {"search_id": sid, "rank": 3, "key": f"question:{pelican.id}"}


@pytest.mark.parametrize(
    "path",
    ["/search/go/user/1?sid=x&rank=1", "/search/go/question/999999?rank=1", "/search/go/question/abc"],
)
def test_click_redirect_only_goes_to_existing_documents(client_for, pelican, path):
    assert client_for(None).get(path).status_code == 404
    assert _events(analytics.CLICKED) == []


def test_click_with_a_bad_search_id_or_rank_still_redirects_but_records_nothing(client_for, pelican):
    client = client_for(None)
    for query in ("sid=not-an-id&rank=1", "sid=" + "a" * 32 + "&rank=0", "sid=" + "a" * 32 + "&rank=x", ""):
        response = client.get(f"/search/go/question/{pelican.id}?{query}")
        assert response.status_code == 303
    assert _events(analytics.CLICKED) == []


def test_hidden_documents_are_not_a_redirect_target(client_for, pelican):
    from tests.search.factories import set_status

    set_status(pelican, "hidden")
    assert client_for(None).get(f"/search/go/question/{pelican.id}?rank=1").status_code == 404


@pytest.mark.config(RATELIMIT_ENABLED=True)
def test_click_endpoint_is_rate_limited(client_for, pelican):
    client = client_for(None)
    codes = [client.get(f"/search/go/question/{pelican.id}").status_code for _ in range(121)]
    assert codes[:120] == [303] * 120 and codes[120] == 429


def test_similar_box_records_suggestions_and_ties_clicks_to_them(api_client, make_user, pelican):
    user = make_user()
    client = api_client(user)
    data = client.get("/api/v1/questions/similar?title=pelican export").get_json()
    assert [q["id"] for q in data["questions"]] == [pelican.id]
    (suggested,) = _events(analytics.SUGGESTED)
    assert suggested.actor_id == user.id and suggested.audience == analytics.AUDIENCE
    assert suggested.payload["keys"] == [f"question:{pelican.id}"] and suggested.payload["results"] == 1
    assert suggested.payload["search_id"] == data["search_id"]
    click = client.post("/api/v1/questions/similar/clicks",
                        json={"question_id": pelican.id, "title": "pelican export", "search_id": data["search_id"]})  # fmt: skip
    assert click.status_code == 204
    (clicked,) = _events(analytics.SIMILAR_CLICKED)
    assert clicked.payload["search_id"] == data["search_id"]
    bad = client.post("/api/v1/questions/similar/clicks", json={"question_id": pelican.id, "search_id": "../x"})
    assert bad.status_code == 400 and "search_id" in bad.get_data(as_text=True)


def test_every_recorded_payload_matches_its_declaration(client_for, api_client, pelican):
    from typing import get_type_hints

    client = client_for(None)
    client.get("/search?q=pelican&sort=votes")
    sid = _events(analytics.PERFORMED)[0].payload["search_id"]
    client.get(f"/search/go/question/{pelican.id}?sid={sid}&rank=1")
    api_client(None).get("/api/v1/questions/similar?title=pelican export")
    for kind, declared in analytics.KINDS.items():
        (event,) = _events(kind)
        hints = get_type_hints(declared)
        assert set(event.payload) == set(hints), kind
        for key, value in event.payload.items():
            assert isinstance(value, getattr(hints[key], "__origin__", hints[key])), (kind, key)


def test_paging_through_results_is_one_search(client_for, s):
    for i in range(12):
        s.question(f"Heron export problem number {i + 1}", body="Heron exports stop.")
    s.drain()
    client = client_for(None)
    first = client.get("/search?q=heron").get_data(as_text=True)
    (search,) = _events(analytics.PERFORMED)
    sid = search.payload["search_id"]
    assert f"page=2&amp;sid={sid}" in first
    second = client.get(f"/search?q=heron&page=2&sid={sid}").get_data(as_text=True)
    assert f"sid={sid}&amp;rank=11" in second  # ranks continue from the first page
    assert len(_events(analytics.PERFORMED)) == 1
    client.get("/search?q=heron&page=2&sid=forged")  # not a search id: recorded as a search of its own
    assert [e.payload["filters"] for e in _events(analytics.PERFORMED)][1] == {"page": 2}


def test_staff_read_search_events_customers_do_not_and_no_live_room_gets_them(api_client, make_user, pelican):
    from app.realtime import rooms

    api_client(None).get("/api/v1/search?q=pelican")
    (event,) = _events(analytics.PERFORMED)
    kinds = {}
    for role in ("customer", "moderator", "admin"):
        data = api_client(make_user(role=role)).get("/api/v1/events?after=0").get_json()
        kinds[role] = analytics.PERFORMED in {e["kind"] for e in data["events"]}
    assert kinds == {"customer": False, "moderator": True, "admin": True}
    assert rooms.rooms_for_event(event) == []  # an open review queue is not refreshed by every search
