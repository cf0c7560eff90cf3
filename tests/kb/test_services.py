"""Knowledge-base articles: written and edited by staff, or promoted from an accepted answer."""

import pytest

from app.core.errors import Conflict, Forbidden, NotFound, ValidationError
from app.core.events import Event
from app.extensions import db
from app.kb import services


def test_moderator_writes_an_article_rendered_from_markdown(article):
    assert article.slug == "export-your-invoices"
    assert "<strong>Billing</strong>" in article.body_html
    assert article.body_text.startswith("Go to Billing")
    event = db.session.scalars(db.select(Event).where(Event.kind == "kb.created")).one()
    assert event.payload["article_id"] == article.id and event.audience == "public"


@pytest.mark.parametrize("role", ["customer", "product_manager"])
def test_only_kb_managers_write(make_user, role):
    with pytest.raises(Forbidden):
        services.create_article(make_user(role=role), title="Some title", body="Body")


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [("", "Body", "title"), ("Hi", "Body", "title"), ("A good title", "", "body"), ("x" * 201, "Body", "title"),
     (5, "Body", "title")],
)  # fmt: skip
def test_bad_input_names_the_field(moderator, title, body, field):
    with pytest.raises(ValidationError) as exc:
        services.create_article(moderator, title=title, body=body)
    assert field in exc.value.fields


def test_edit_keeps_the_author_and_records_the_editor(article, make_user):
    admin = make_user(role="admin")
    edited = services.edit_article(admin, article.id, title="Export all your invoices")
    assert (edited.title, edited.author_id, edited.editor_id) == (
        "Export all your invoices",
        article.author_id,
        admin.id,
    )
    assert edited.updated_at is not None
    kinds = db.session.scalars(db.select(Event.kind).order_by(Event.id)).all()
    assert kinds[-1] == "kb.edited"


def test_promote_an_accepted_answer(moderator, accepted_answer):
    article = services.promote_answer(moderator, accepted_answer.id)
    assert article.title == "How do I export all my invoices?"
    assert "<strong>Export</strong>" in article.body_html
    assert (article.source_answer_id, article.source_question_id) == (accepted_answer.id, accepted_answer.question_id)
    assert services.promoted_article_for(accepted_answer.id).id == article.id
    with pytest.raises(Conflict):
        services.promote_answer(moderator, accepted_answer.id)


def test_only_an_accepted_answer_can_be_promoted(moderator, qa):
    answer = qa.answer(qa.question())
    with pytest.raises(Conflict) as exc:
        services.promote_answer(moderator, answer.id)
    assert exc.value.code == "not_accepted"


def test_promoting_a_missing_or_deleted_answer_is_not_found(moderator, accepted_answer):
    from app.qa import services as qa_services

    with pytest.raises(NotFound):
        services.promote_answer(moderator, 999_999)
    qa_services.delete_answer(moderator, accepted_answer)
    with pytest.raises(NotFound):
        services.promote_answer(moderator, accepted_answer.id)


def test_customers_cannot_promote(make_user, accepted_answer):
    with pytest.raises(Forbidden):
        services.promote_answer(make_user(), accepted_answer.id)
