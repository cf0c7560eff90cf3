import pytest

from app.notifications.mentions import mentioned_user_ids, mentioned_usernames


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("hello @ann", ["ann"]),
        ("@Ann and @bob, and @ann again.", ["ann", "bob"]),
        ("mail ann@example.com", []),
        ("`@code` span", []),
        ("``double `@tick` span``", []),
        ("```\n@fenced\n```\nthen @after", ["after"]),
        ("    @indented code", []),
        ("end of sentence @wei.", ["wei"]),
        ("中文里提到@mei了", ["mei"]),
        ("@x", []),
        ("", []),
        (None, []),
    ],
)
def test_mentions_are_parsed_from_plain_text_outside_code(text, names):
    assert mentioned_usernames(text) == names


def test_only_existing_users_count(app, make_user):
    ann = make_user(username="Annie")
    assert mentioned_user_ids("hi @annie and @nobody") == [ann.id]
