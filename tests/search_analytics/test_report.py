"""The admin search report, computed from a small hand-made event history."""

from datetime import UTC, datetime, timedelta

import pytest

from app.core import events
from app.extensions import db
from app.search import analytics

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
THIS_WEEK, LAST_WEEK = "2026-11-23", "2026-11-16"


def _at(days_ago: float):
    return NOW - timedelta(days=days_ago)


def searched(sid: str, query: str, results: int, days_ago: float = 0, actor=None):
    e = events.record(analytics.PERFORMED, actor=actor, subject_type="search", subject_id=None, audience=analytics.AUDIENCE,
                      payload={"search_id": sid.ljust(32, "0"), "query": query, "normalized": analytics.normalize(query),
                               "language": analytics.guess_language(query), "results": results, "filters": {}})  # fmt: skip
    e.created_at = _at(days_ago)


def clicked(sid: str, days_ago: float = 0, rank: int = 1):
    e = events.record(analytics.CLICKED, subject_type="question", subject_id=1, audience=analytics.AUDIENCE,
                      payload={"search_id": sid.ljust(32, "0"), "rank": rank, "key": "question:1"})  # fmt: skip
    e.created_at = _at(days_ago)


def suggested(sid: str, results: int, days_ago: float = 0):
    e = events.record(analytics.SUGGESTED, subject_type="search", subject_id=None, audience=analytics.AUDIENCE,
                      payload={"search_id": sid.ljust(32, "0"), "query": "x", "normalized": "x", "language": "en",
                               "results": results, "keys": []})  # fmt: skip
    e.created_at = _at(days_ago)


def similar_click(sid: str | None, days_ago: float = 0):
    payload = {"question_id": 1, "title": "x", "position": 1} | ({"search_id": sid.ljust(32, "0")} if sid else {})
    e = events.record(analytics.SIMILAR_CLICKED, subject_type="question", subject_id=1, payload=payload)
    e.created_at = _at(days_ago)


@pytest.fixture
def history():
    """Nine searches over three weeks, three clicks, four suggestion lists, two suggestion clicks."""
    searched("a1", "Export CSV", 0, days_ago=1)
    searched("a2", "export  csv", 0, days_ago=8)  # same normalised query, last week
    searched("a3", "匯出報表", 0, days_ago=2)
    searched("a4", "导出报表", 0, days_ago=2)  # folds to the same query as a3
    searched("b1", "billing", 4, days_ago=1)
    clicked("b1", days_ago=1)
    clicked("b1", days_ago=1, rank=2)  # two clicks on one search count once
    searched("b2", "billing", 4, days_ago=3)  # no click
    searched("b3", "單點登入", 2, days_ago=9)  # no click
    searched("c1", "sso", 3, days_ago=0.5)
    clicked("c1", days_ago=0.4)
    searched("old", "ancient", 0, days_ago=40)  # outside 30 days
    suggested("s1", 2)
    similar_click("s1")
    suggested("s2", 3)
    suggested("s3", 0)  # nothing shown: not in the rate
    suggested("s4", 1, days_ago=40)
    similar_click("s4", days_ago=40)
    similar_click(None)  # an older row without a search id stays readable and is not counted
    db.session.commit()


def _rows(rows):
    return [(r.normalized, r.count, dict(r.languages), {w.isoformat(): n for w, n in r.weeks.items()}) for r in rows]


ZH = analytics.normalize("导出报表")
SSO_ZH = analytics.normalize("單點登入")
EXPORT_30 = ("export csv", 2, {"en": 2}, {THIS_WEEK: 1, LAST_WEEK: 1})
ZH_EXPORT = (ZH, 2, {"zh_Hant": 1, "zh_Hans": 1}, {THIS_WEEK: 2})
NO_CLICKS_30 = [("billing", 1, {"en": 1}, {LAST_WEEK: 1}), (SSO_ZH, 1, {"zh_Hant": 1}, {LAST_WEEK: 1})]

# days, no-result rows, no-click rows, (shown, clicked, %) of results and of suggestions, searches
CASES = [
    (30, [EXPORT_30, ZH_EXPORT], NO_CLICKS_30, (4, 2, 50.0), (2, 1, 50.0), 8),
    (7, [ZH_EXPORT, ("export csv", 1, {"en": 1}, {THIS_WEEK: 1})], [("billing", 1, {"en": 1}, {LAST_WEEK: 1})],
     (3, 2, 66.7), (2, 1, 50.0), 6),
    (90, [EXPORT_30, ZH_EXPORT, ("ancient", 1, {"en": 1}, {"2026-10-12": 1})], NO_CLICKS_30,
     (4, 2, 50.0), (3, 2, 66.7), 9),
]  # fmt: skip


@pytest.mark.parametrize(("days", "no_results", "no_clicks", "results_ctr", "suggestions_ctr", "searches"), CASES)
def test_report_lists_exactly_the_expected_queries_and_rates(
    history, make_user, days, no_results, no_clicks, results_ctr, suggestions_ctr, searches
):
    report = analytics.build_report(make_user(role="moderator"), days, now=NOW)
    assert _rows(report.no_results) == no_results
    assert _rows(report.no_clicks) == no_clicks
    rates = [(r.shown, r.clicked, r.percent) for r in (report.results_ctr, report.suggestions_ctr)]
    assert rates == [results_ctr, suggestions_ctr]
    assert report.searches == searches


def _table_queries(html: str, table_id: str) -> list[tuple[str, str]]:
    """(query as shown, count) of each row of one report table."""
    import re

    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    cells = re.findall(
        r'<td class="query"[^>]*>\s*([^<]+?)\s*(?:<span|</td>).*?<td class="count">(\d+)</td>', table, re.S
    )
    return [(query, count) for query, count in cells]


@pytest.mark.parametrize(("days", "no_results", "no_clicks", "results_ctr", "suggestions_ctr", "searches"), CASES)
def test_admin_page_shows_the_report(history, client_for, make_user, monkeypatch, days, no_results, no_clicks,
                                     results_ctr, suggestions_ctr, searches):  # fmt: skip
    monkeypatch.setattr(analytics, "utcnow", lambda: NOW)
    html = client_for(make_user(role="admin")).get(f"/admin/search?days={days}").get_data(as_text=True)
    spelled = {"export csv": "Export CSV", ZH: "匯出報表", SSO_ZH: "單點登入"}
    assert _table_queries(html, "no-results") == [(spelled.get(r[0], r[0]), str(r[1])) for r in no_results]
    assert _table_queries(html, "no-clicks") == [(spelled.get(r[0], r[0]), str(r[1])) for r in no_clicks]
    assert f"{results_ctr[2]}%" in html.split('id="results-ctr"')[1].split("</dd>")[0]
    assert f"{suggestions_ctr[2]}%" in html.split('id="suggestions-ctr"')[1].split("</dd>")[0]
    assert f'<dd id="searches">{searches}</dd>' in html


def test_csv_export_is_utf8_with_a_bom_and_one_column_per_week(history, client_for, make_user, monkeypatch):
    import csv
    import io

    monkeypatch.setattr(analytics, "utcnow", lambda: NOW)
    response = client_for(make_user(role="moderator")).get("/admin/search.csv?days=30")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "table",
        "normalized_query",
        "example",
        "count",
        "en",
        "zh_Hans",
        "zh_Hant",
        LAST_WEEK,
        THIS_WEEK,
    ]
    assert rows[1:] == [
        ["no_results", "export csv", "Export CSV", "2", "2", "0", "0", "1", "1"],
        ["no_results", ZH, "匯出報表", "2", "0", "1", "1", "0", "2"],
        ["no_clicks", "billing", "billing", "1", "1", "0", "0", "1", "0"],
        ["no_clicks", SSO_ZH, "單點登入", "1", "0", "0", "1", "1", "0"],
    ]


def test_csv_cells_cannot_become_spreadsheet_formulas(make_user):
    searched("f1", "=HYPERLINK(1)", 0)
    db.session.commit()
    text = analytics.report_csv(analytics.build_report(make_user(role="admin"), 30))
    assert "'=hyperlink(1)" in text and ",=" not in text


def test_a_bad_period_is_a_400(client_for, make_user):
    response = client_for(make_user(role="admin")).get("/admin/search?days=8")
    assert response.status_code == 400 and "7, 30, 90 or 365" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("customer", 403), ("product_manager", 403), ("moderator", 200), ("admin", 200)],
)
@pytest.mark.parametrize("path", ["/admin/search", "/admin/search.csv"])
def test_who_may_see_the_report(client_for, make_user, role, status, path):
    user = None if role == "anonymous" else make_user(role=role)
    response = client_for(user).get(path)
    assert response.status_code == status
    if role == "anonymous":
        assert "/auth/login" in response.headers["Location"]


def test_api_client_without_moderation_rights_cannot_read_the_report(api_client, make_user):
    assert api_client(make_user()).get("/admin/search").status_code in (302, 401, 403)


@pytest.mark.parametrize(("role", "shown"), [("anonymous", False), ("customer", False), ("moderator", True)])
def test_search_page_links_staff_to_the_report(client_for, make_user, role, shown):
    html = client_for(None if role == "anonymous" else make_user(role=role)).get("/search").get_data(as_text=True)
    assert ('href="/admin/search"' in html) is shown
