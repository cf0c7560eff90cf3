def test_article_is_found(s):
    s.article("How to reset your password", "Open settings and choose **reset password**.")
    titles, total, page = s.search("resetting passwords")
    assert titles == ["How to reset your password"]
    assert total == 1
    assert "<mark>reset</mark>" in str(page.results[0].snippet_html)
