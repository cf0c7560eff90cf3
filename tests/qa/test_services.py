"""Q&A services: asking, answering, comments, tags, edits, deletes and the events they record."""

import pytest
from sqlalchemy import func, select

from app.core.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationError
from app.core.events import Event
from app.extensions import db
from app.qa import queries, services
from app.qa.models import Answer, Question, Revision, Tag
from app.qa.text import slugify


def _events(kind):
    return list(db.session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def test_ask_stores_raw_rendered_and_plain_body_and_records_the_event(qa, make_user):
    alice = make_user()
    space = qa.space("Billing")
    q = qa.question(alice, space=space, title="How do I export invoices?", body="Use **bold** and `code`.",
                    tags=["Invoices", "pdf"])  # fmt: skip
    assert q.body == "Use **bold** and `code`."
    assert "<strong>bold</strong>" in q.body_html and "<code>code</code>" in q.body_html
    assert q.body_text == "Use bold and code."
    assert [t.name for t in q.tags] == ["invoices", "pdf"]
    assert q.slug == "how-do-i-export-invoices"
    (event,) = _events("question.created")
    assert event.payload["question_id"] == q.id and event.payload["space_id"] == space.id
    assert event.payload["author_id"] == alice.id and event.audience == "public"


def test_chinese_titles_keep_their_characters_in_the_slug_and_tags():
    assert slugify("我的数据库连接失败怎么办？") == "我的数据库连接失败怎么办"
    assert slugify("如何變更帳號的顯示名稱? (iOS)") == "如何變更帳號的顯示名稱-ios"
    assert slugify("!!!") == "question"


def test_chinese_titles_count_wide_characters_twice_for_the_minimum(qa, make_user):
    space = qa.space()
    assert (
        services.ask_question(make_user(), title="发票抬头写错", body="能改吗？", space=space).title == "发票抬头写错"
    )
    with pytest.raises(ValidationError):
        services.ask_question(make_user(), title="发票抬头", body="能改吗？", space=space)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"title": "   "}, "title", "Enter a title."),
        ({"title": "short"}, "title", "Use at least 10 characters."),
        ({"title": "x" * 151}, "title", "Use at most 150 characters."),
        ({"body": ""}, "body", "Write something first."),
        ({"body": "b" * 30_001}, "body", "Use at most 30000 characters."),
        ({"space": "no-such-space"}, "space", "Choose one of the spaces."),
        ({"space": 99999}, "space", "Choose one of the spaces."),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags", "Use at most 5 tags."),
        ({"tags": ["t" * 33]}, "tags", "A tag has at most 32 characters."),
        ({"tags": ["bad/tag"]}, "tags", "Tags use letters, digits"),
        ({"tags": [1, 2]}, "tags", "Send tags as a list of strings."),
        ({"title": 123}, "title", "Must be a string."),
    ],
)
def test_bad_question_input_names_the_field(app, qa, make_user, kwargs, field, message):
    qa.space("General")
    args = {"title": "A perfectly fine title", "body": "Body text", "space": "general", "tags": []}
    args.update(kwargs)
    with pytest.raises(ValidationError) as info:
        services.ask_question(make_user(), **args)
    assert field in info.value.fields
    with app.test_request_context():
        assert message in str(info.value.fields[field])
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_tags_are_normalised_deduplicated_and_shared(qa, make_user):
    q1 = qa.question(tags="Python, python  数据库,ＡＰＩ")
    q2 = qa.question(tags=["API"])
    assert [t.name for t in q1.tags] == sorted(["python", "数据库", "api"])
    assert q2.tags[0].id == next(t.id for t in q1.tags if t.name == "api")
    assert db.session.scalar(select(func.count(Tag.id))) == 3


def test_anonymous_and_suspended_users_cannot_post(qa, make_user):
    from flask_login import AnonymousUserMixin

    space = qa.space()
    with pytest.raises(Unauthorized):
        services.ask_question(AnonymousUserMixin(), title="A fine title here", body="x", space=space)
    suspended = make_user()
    suspended.is_suspended = True
    with pytest.raises((Forbidden, Unauthorized)):
        services.ask_question(suspended, title="A fine title here", body="x", space=space)


def test_answer_and_comment_update_counts_activity_and_events(qa, make_user):
    alice, bob = make_user(), make_user()
    q = qa.question(alice)
    before = q.last_activity_at
    a = qa.answer(q, bob)
    c1 = qa.comment(q, bob)
    c2 = qa.comment(a, alice)
    assert q.answer_count == 1 and q.last_activity_at >= before
    (created,) = _events("answer.created")
    assert created.payload == {"question_id": q.id, "space_id": q.space_id, "author_id": bob.id,
                               "answer_id": a.id, "status": "visible"}  # fmt: skip
    comment_events = _events("comment.created")
    assert comment_events[0].payload["comment_id"] == c1.id and "answer_id" not in comment_events[0].payload
    assert comment_events[1].payload["comment_id"] == c2.id and comment_events[1].payload["answer_id"] == a.id


def test_comments_are_short(qa, make_user):
    q = qa.question()
    with pytest.raises(ValidationError) as info:
        qa.comment(q, body="c" * 601)
    assert "body" in info.value.fields
    assert qa.comment(q, body="c" * 600).body == "c" * 600


def test_edit_keeps_revisions_and_only_author_or_moderator_may_edit(qa, make_user):
    alice, bob, mod = make_user(), make_user(), make_user(role="moderator")
    q = qa.question(alice, title="Original title here", body="line one\nline two", tags=["a"])
    with pytest.raises(Forbidden):
        services.edit_question(bob, q, title="Bob's sneaky edit")
    services.edit_question(alice, q, title="Better title here", body="line one\nline 2", tags=["a", "b"])
    services.edit_question(mod, q, body="line one\nline 2\nline three")
    revs = queries.revisions("question", q.id)
    assert [r.number for r in revs] == [3, 2, 1]
    assert revs[-1].title == "Original title here" and revs[-1].tags == "a"
    diffs = queries.revision_diffs(revs)
    assert diffs[1]["title_changed"] and diffs[1]["old_title"] == "Original title here"
    assert ("del", "line two") in diffs[1]["body"] and ("add", "line 2") in diffs[1]["body"]
    assert q.slug == "better-title-here"
    edited = _events("question.edited")
    assert edited[0].payload["changed"] == ["title", "body", "tags"] and edited[1].actor_id == mod.id


def test_edit_without_changes_records_nothing(qa, make_user):
    alice = make_user()
    q = qa.question(alice, title="Nothing changes here")
    services.edit_question(alice, q, title="Nothing changes here")
    assert _events("question.edited") == []
    assert db.session.scalar(select(func.count(Revision.id))) == 1


def test_soft_delete_hides_and_a_moderator_restores(qa, make_user):
    alice, bob, mod = make_user(), make_user(), make_user(role="moderator")
    q = qa.question(alice)
    a = qa.answer(q, bob)
    with pytest.raises(Forbidden):
        services.delete_question(bob, q)
    services.delete_answer(bob, a)
    assert q.answer_count == 0
    services.delete_question(alice, q)
    with pytest.raises(NotFound):
        services.get_question(bob, q.id)
    with pytest.raises(NotFound):
        services.get_question(alice, q.id)
    assert services.get_question(mod, q.id) is q
    with pytest.raises(Forbidden):
        services.restore_question(alice, q)
    services.restore_question(mod, q)
    services.restore_answer(mod, a)
    assert services.get_question(bob, q.id) is q and q.answer_count == 1
    kinds = [e.kind for e in db.session.scalars(select(Event).where(Event.kind.like("%.%ed")).order_by(Event.id))]
    assert kinds[-4:] == ["answer.deleted", "question.deleted", "question.restored", "answer.restored"]
    assert db.session.get(Answer, a.id).deleted_at is None


def test_locked_or_deleted_threads_take_no_new_posts(qa, make_user):
    alice, bob, mod = make_user(), make_user(), make_user(role="moderator")
    q = qa.question(alice)
    q.is_locked = True
    db.session.commit()
    with pytest.raises(Conflict):
        qa.answer(q, bob)
    qa.answer(q, mod)  # staff still may
    q.is_locked = False
    services.delete_question(alice, q)
    with pytest.raises((Conflict, NotFound)):
        qa.comment(q, bob)


def test_similar_questions_match_english_words_and_chinese_bigrams(qa, drain_events):
    qa.question(title="Webhook signature verification fails")
    qa.question(title="How to rotate webhook secrets safely")
    qa.question(title="Invoices are missing in the export")
    qa.question(title="数据库连接超时导致报表失败")
    qa.question(title="如何導出資料庫報表")
    drain_events()  # suggestions come from the search index, which the event consumer fills
    titles = [q.title for q in queries.similar_questions("webhook signature is wrong")]
    assert titles[0] == "Webhook signature verification fails"
    assert "Invoices are missing in the export" not in titles
    assert [q.title for q in queries.similar_questions("数据库连接")] == ["数据库连接超时导致报表失败"]
    assert queries.similar_questions("") == [] and queries.similar_questions("the a of") == []


def test_similar_click_is_recorded_with_the_thread_ids(qa, make_user):
    from flask_login import AnonymousUserMixin

    q = qa.question()
    queries.record_similar_click(AnonymousUserMixin(), q.id, "how to export", 2)
    (event,) = _events("similar.clicked")
    assert event.payload["question_id"] == q.id and event.payload["position"] == 2 and event.actor_id is None
