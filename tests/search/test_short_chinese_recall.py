"""1- and 2-character Chinese queries find every document containing them (a substring scan agrees)."""

from app.search import analysis

TITLES = ["客户满意度调查报告", "客戶滿意度的問題", "报告导出失败", "满意吗", "导出每个客户的报表", "数据库连接超时"]


def test_one_and_two_character_queries_find_every_containing_document(s):
    for title in TITLES:
        s.article(title, "正文。")
    folded = {t: analysis._converter("t2s").convert(t) for t in TITLES}
    queries = {t[i : i + n] for t in folded.values() for n in (1, 2) for i in range(len(t) - n + 1)}
    missed = {}
    for query in sorted(queries):
        expected = {t for t, f in folded.items() if query in f}
        titles, total, _ = s.search(query)
        if set(titles) != expected:
            missed[query] = (sorted(expected), titles)
    assert missed == {}
