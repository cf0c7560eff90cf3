"""Short Chinese titles: a CJK character counts as two letters in every title minimum."""

import pytest
from werkzeug.datastructures import MultiDict

from app.core.errors import ValidationError
from app.kb import services as kb
from tests.ideas.factories import IdeaFactories


@pytest.fixture
def search_backend():
    return "whoosh"  # no search here: one backend is enough


def test_two_character_chinese_idea_title_is_accepted_and_one_letter_more_is_needed_in_english(factories):
    ideas = IdeaFactories(factories)
    assert ideas.idea(title="網格").title == "網格"
    with pytest.raises(ValidationError):
        ideas.idea(title="Gri")


def test_three_character_chinese_article_title_is_accepted(factories):
    moderator = factories.user(role="moderator")
    assert kb.create_article(moderator, title="工具列", body="位置說明。").title == "工具列"
    with pytest.raises(ValidationError):
        kb.create_article(moderator, title="Tool", body="Where it is.")


@pytest.mark.parametrize(("title", "ok"), [("工具列不見了", True), ("工具列", False), ("Toolbar gone", True)])
def test_ask_form_counts_chinese_characters_as_two(app, title, ok):
    from app.qa.forms import AskForm

    with app.test_request_context(method="POST"):
        form = AskForm(formdata=MultiDict({"title": title}), meta={"csrf": False})
        form.title.validate(form)
        assert (not form.title.errors) is ok
