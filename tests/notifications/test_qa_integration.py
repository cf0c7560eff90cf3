"""The same rules through the real Q&A services (not hand-made events)."""

from app.notifications import follows
from app.qa import voting
from tests.notifications.factories import follow, notifications_of
from tests.qa.factories import QAFactories


def test_ask_answer_comment_accept_through_qa_services(factories, make_user, drain_events, in_request):
    qa = QAFactories(factories)
    asker, answerer, commenter, tag_fan = make_user(), make_user(), make_user(), make_user()
    space = qa.space()
    question = qa.question(asker, space=space, tags=["printing"])
    drain_events()
    follow(tag_fan, "tag", "printing")
    assert follows.is_following(asker, "question", question.id)

    answer = qa.answer(question, answerer, body=f"Ask @{commenter.username} too.")
    drain_events()
    assert [n.reason for n in notifications_of(asker)] == ["asker"]
    assert [n.kind for n in notifications_of(commenter)] == ["mention"]
    assert f"/questions/{question.id}" in notifications_of(asker)[0].url

    qa.comment(answer, commenter)
    drain_events()
    assert [n.reason for n in notifications_of(answerer)] == ["author"]

    voting.accept_answer(asker, answer)
    drain_events()
    assert notifications_of(answerer)[-1].kind == "answer.accepted"
    assert notifications_of(tag_fan) == []  # followed the tag after the question was asked
