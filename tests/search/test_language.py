"""Relevance and language cases as tables: what a customer types, what they must (not) find."""

import pytest

from app.search import analysis

ENGLISH = "How to keep the export job running overnight"
CHINESE = "客户满意度调查报告怎么导出"
MIXED = "如何在Python中导出CSV文件"
FULLWIDTH = "ＡＰＩ ｔｏｋｅｎ 过期了怎么办"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("run", True),
        ("running", True),
        ("runs", True),
        ("RUN", True),
        ("exports", True),
        ("exported jobs", True),
        ("overnight export", True),
        ("walking", False),
        ("run walking", True),  # any meaningful word may match (ranked OR)
    ],
)
def test_english_stemming(s, query, found):
    s.article(ENGLISH, "The job stops after an hour unless you change the schedule.")
    assert (s.titles(query) == [ENGLISH]) is found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("客", True),  # 1 character
        ("度", True),
        ("满意", True),  # 2 characters
        ("导出", True),
        ("客户满意", True),  # 4 characters: a phrase of bigrams
        ("满意度", True),  # 3 characters
        ("调查报告", True),
        ("客户满意度", True),
        ("猫", False),
        ("意满", False),  # both characters occur, but never in that order
        ("客户报告", False),  # all four characters occur, not as one phrase
    ],
)
def test_chinese_queries_of_one_to_four_characters(s, query, found):
    s.article(CHINESE, "在设置页面选择导出即可。")
    assert (s.titles(query) == [CHINESE]) is found


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("客戶滿意度", "客户满意度"),
        ("客户满意度", "客戶滿意度"),
        ("帳單", "账单"),
        ("账单", "帳單"),
        ("軟體", "软件"),
        ("软件", "軟體"),
        ("登入", "登录"),
        ("登录", "登入"),
        ("資料庫", "数据库"),
        ("客戶", "客户"),
    ],
)
def test_simplified_and_traditional_fold_together(s, written, typed):
    title = f"关于{written}的问题"
    s.article(title, f"请问{written}在哪里可以看到？")
    assert s.titles(typed) == [title]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("python", True),
        ("Python 导出", True),
        ("CSV文件", True),
        ("csv 文件 python", True),
        ("导出 excel", True),
        ("excel", False),
    ],
)
def test_mixed_chinese_and_english(s, query, found):
    s.article(MIXED, "用 pandas 的 to_csv 就可以。")
    assert (s.titles(query) == [MIXED]) is found


@pytest.mark.parametrize("query", ["api token", "API", "ＡＰＩ", "ｔｏｋｅｎ 过期", "Token過期"])
def test_full_width_and_half_width_fold(s, query):
    s.article(FULLWIDTH, "重新生成一个即可。")
    assert s.titles(query) == [FULLWIDTH]


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("pasword", "password"),
        ("resett password", "reset password"),
        ("Invoise", "invoice"),
        ("pasword 重置", "password 重置"),
    ],
)
def test_typos_offer_did_you_mean_and_still_find_the_post(s, typed, suggested):
    title = "Reset a forgotten password from the invoice page 重置"
    s.article(title, "Use the link on the sign-in page.")
    titles, total, page = s.search(typed)
    assert page.did_you_mean == suggested
    assert titles == [title]
    assert total == 1


def test_no_suggestion_for_a_correct_word_or_nonsense(s):
    s.article("Reset a forgotten password", "Use the link on the sign-in page.")
    assert s.search("password")[2].did_you_mean is None
    _titles, total, page = s.search("zzqxv")
    assert (total, page.did_you_mean) == (0, None)


def test_kb_article_ranks_above_a_thread_with_the_same_match(s):
    s.question("Cannot change billing address for invoices", body="Where do I change the billing address?")
    s.article("Cannot change billing address for invoices", "Where do I change the billing address?")
    titles, total, page = s.search("billing address")
    assert total == 2
    assert [r.hit.kind for r in page.results] == ["kb", "question"]


def test_title_match_ranks_above_body_match(s):
    s.article("Printer setup guide", "Mentions the word invoice once.")
    s.article("Invoice numbering explained", "All about numbers.")
    assert s.titles("invoice")[0] == "Invoice numbering explained"


def test_snippets_escape_user_text_and_mark_matches(s):
    s.article("Script tags in the title <b>bold</b>", "<script>alert(1)</script> use the 客戶滿意度 report")
    _titles, _total, page = s.search("客户满意度 report")
    html = str(page.results[0].snippet_html)
    assert "<script>" not in html
    assert "<mark>客戶滿意度</mark>" in html
    assert "<mark>report</mark>" in html
    assert "<b>" not in str(page.results[0].title_html)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Running", ["run"]),
        ("客户", ["客户", "客", "户"]),
        ("客", ["客"]),
        ("ｒｕｎｓ", ["run"]),
        ("the a of", []),
    ],
)
def test_analyzer_tokens(text, expected):
    assert analysis.tokens(text) == expected


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("请上传文件后重试", "文件"),  # tw2sp turns 文件 into 文档 by context: both forms are indexed
        ("檔案上傳失敗", "文件上传"),  # Taiwan 檔案 is Mainland 文件
        ("文档在哪里", "文件"),
        ("我的記憶體不足", "内存"),  # a phrase that changes length
    ],
)
def test_context_dependent_vocabulary_still_matches(s, written, typed):
    s.article(written, "正文。")
    assert s.titles(typed) == [written]
