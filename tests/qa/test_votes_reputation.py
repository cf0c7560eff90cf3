"""Votes, accepted answers, me-too, reputation, trust levels, held posts and idempotency."""

import threading

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.core.errors import Conflict, Forbidden, RateLimited, ValidationError
from app.core.events import Event
from app.extensions import db
from app.qa import queries, reputation, services, voting
from app.qa.models import Answer, Comment, IdempotencyKey, Question, Vote


def _events(kind):
    return list(db.session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def test_votes_are_one_per_user_changeable_and_removable(qa, make_user):
    alice, bob = make_user(), make_user()
    q = qa.question(alice)
    assert voting.vote(bob, "question", q.id, 1) == 1
    assert voting.vote(bob, "question", q.id, 1) == 1  # repeating changes nothing
    assert voting.vote(bob, "question", q.id, -1) == -1
    assert voting.vote(bob, "question", q.id, 0) == 0
    assert db.session.scalar(select(func.count(Vote.id))) == 0
    changed = _events("vote.changed")
    assert [e.payload["score"] for e in changed] == [1, -1, 0]
    assert changed[0].payload["post_type"] == "question" and changed[0].payload["question_id"] == q.id


@pytest.mark.parametrize("value", [2, -2, "1", None, True, 1.5])
def test_vote_values_other_than_plus_minus_one_or_zero_are_refused(qa, make_user, value):
    q = qa.question()
    with pytest.raises(ValidationError) as info:
        voting.vote(make_user(), "question", q.id, value)
    assert "value" in info.value.fields


def test_no_votes_on_your_own_or_on_deleted_posts(qa, make_user):
    alice, bob = make_user(), make_user()
    q = qa.question(alice)
    a = qa.answer(q, bob)
    with pytest.raises(Forbidden):
        voting.vote(alice, "question", q.id, 1)
    services.delete_answer(bob, a)
    with pytest.raises(Conflict) as info:
        voting.vote(alice, "answer", a.id, 1)
    assert "post" in info.value.fields


def test_concurrent_duplicate_votes_leave_one_row(app, qa, make_user):
    alice, bob = make_user(), make_user()
    q = qa.question(alice)
    qid, bob_id = q.id, bob.id
    barrier = threading.Barrier(6)
    errors = []

    def worker():
        from app.auth.models import User

        with app.app_context():
            try:
                voter = db.session.get(User, bob_id)
                barrier.wait(timeout=10)
                voting.vote(voter, "question", qid, 1)
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Vote.id))) == 1
    assert db.session.get(Question, qid).score == 1


def test_reputation_from_votes_and_accepted_answers(qa, make_user):
    alice, bob, carol = make_user(), make_user(), make_user()
    q = qa.question(alice)
    a = qa.answer(q, bob)
    voting.vote(carol, "question", q.id, 1)
    voting.vote(carol, "answer", a.id, 1)
    assert reputation.reputation(alice.id) == 1 + 5
    assert reputation.reputation(bob.id) == 1 + 10
    voting.vote(carol, "answer", a.id, -1)
    assert reputation.reputation(bob.id) == 1  # -2, but never below 1
    voting.accept_answer(alice, a)
    assert reputation.reputation(bob.id) == 1 - 2 + 15
    voting.vote(carol, "answer", a.id, 0)
    assert reputation.reputation(bob.id) == 1 + 15


def test_reputation_from_votes_is_capped_per_day(qa, make_user):
    author, voter = make_user(), make_user()
    q = qa.question()
    for _ in range(21):
        a = qa.answer(q, author, body="Another useful answer")
        voting.vote(voter, "answer", a.id, 1)
    assert reputation.reputation(author.id) == 1 + reputation.DAILY_VOTE_CAP


def test_accept_is_for_the_asker_or_a_moderator_and_can_change(qa, make_user):
    alice, bob, carol, mod = make_user(), make_user(), make_user(), make_user(role="moderator")
    q = qa.question(alice)
    a1, a2 = qa.answer(q, bob), qa.answer(q, carol)
    voting.vote(alice, "answer", a2.id, 1)
    with pytest.raises(Forbidden):
        voting.accept_answer(bob, a1)
    voting.accept_answer(alice, a1)
    thread = queries.load_thread(alice, q.id)
    assert q.is_solved and [a.id for a in thread.answers] == [a1.id, a2.id]  # accepted first despite score
    voting.accept_answer(mod, a2)
    assert q.accepted_answer_id == a2.id
    assert reputation.reputation(bob.id) == 1 and reputation.reputation(carol.id) == 1 + 10 + 15
    accepted = _events("answer.accepted")
    assert accepted[1].payload["answer_id"] == a2.id and accepted[1].payload["previous_answer_id"] == a1.id
    voting.unaccept_answer(alice, q)
    assert not q.is_solved


def test_deleting_the_accepted_answer_unsolves_the_question(qa, make_user):
    alice, bob = make_user(), make_user()
    q = qa.question(alice)
    a = qa.answer(q, bob)
    voting.accept_answer(alice, a)
    services.delete_answer(bob, a)
    assert q.accepted_answer_id is None and reputation.reputation(bob.id) == 1


def test_me_too_counts_each_person_once(qa, make_user):
    q = qa.question()
    bob = make_user()
    assert voting.me_too(bob, q) == 1
    assert voting.me_too(bob, q) == 1
    assert voting.me_too(make_user(), q) == 2
    assert [e.payload["count"] for e in _events("question.me_too")] == [1, 2]
    with pytest.raises(Forbidden):
        voting.me_too(db.session.get(User, q.author_id), q)


def test_new_members_may_post_two_links_and_trusted_ones_more(qa, make_user):
    q = qa.question()
    newbie = make_user()
    body = "see [a](https://a.example) [b](https://b.example) ![c](https://c.example/c.png)"
    with pytest.raises(ValidationError) as info:
        qa.answer(q, newbie, body=body)
    assert info.value.fields["body"] and info.value.code == "too_many_links"
    qa.answer(q, newbie, body="see [a](https://a.example) [b](https://b.example)")
    assert qa.answer(q, make_user(role="moderator"), body=body).status == "visible"


@pytest.mark.config(QA_NEW_USER_POSTS_PER_HOUR=3)
def test_new_members_are_rate_limited_per_hour(qa, make_user):
    newbie = make_user()
    q = qa.question(newbie)
    qa.answer(q, newbie)
    qa.comment(q, newbie)
    with pytest.raises(RateLimited):
        qa.comment(q, newbie)
    voter = make_user()
    voting.vote(voter, "question", q.id, 1)
    voting.vote(voter, "answer", db.session.scalar(select(Answer.id)), 1)  # 16 reputation: level 1
    assert reputation.trust_level(newbie) == 1
    qa.comment(q, newbie)


@pytest.mark.config(QA_HOLD_FIRST_POSTS=2)
def test_first_posts_of_new_members_are_held_until_approved(qa, make_user):
    newbie, mod, other = make_user(), make_user(role="moderator"), make_user()
    q = qa.question(newbie)
    assert q.status == "held"
    (created,) = _events("question.created")
    assert created.audience == "staff" and created.payload["status"] == "held"
    assert services.get_question(newbie, q.id) is q
    with pytest.raises(Exception):  # noqa: B017
        services.get_question(other, q.id)
    assert queries.list_questions().total == 0
    assert services.held_posts() == [q]
    with pytest.raises(Forbidden):
        services.approve_post(other, "question", q.id)
    services.approve_post(mod, "question", q.id)
    assert q.status == "visible" and _events("question.approved")[0].audience == "public"
    a = qa.answer(q, newbie)
    assert a.status == "held" and q.answer_count == 0
    services.approve_post(mod, "answer", a.id)
    assert q.answer_count == 1
    assert qa.answer(q, newbie).status == "visible"  # two approved posts: no longer held


def test_idempotency_key_returns_the_first_post_and_creates_nothing_new(qa, make_user):
    alice = make_user()
    q1 = qa.question(alice, idempotency_key="key-12345678")
    q2 = qa.question(alice, idempotency_key="key-12345678", title="Different title this time")
    assert q1.id == q2.id and db.session.scalar(select(func.count(Question.id))) == 1
    a1 = qa.answer(q1, alice, idempotency_key="answer-key-1")
    a2 = qa.answer(q1, alice, idempotency_key="answer-key-1")
    c1 = qa.comment(q1, alice, idempotency_key="comment-key-1")
    c2 = qa.comment(q1, alice, idempotency_key="comment-key-1")
    assert a1.id == a2.id and c1.id == c2.id
    assert db.session.scalar(select(func.count(Answer.id))) == 1
    assert db.session.scalar(select(func.count(Comment.id))) == 1
    assert len(_events("question.created")) == 1
    with pytest.raises(Conflict):
        qa.answer(q1, alice, idempotency_key="key-12345678")  # a question's key
    with pytest.raises(ValidationError) as info:
        qa.question(alice, idempotency_key="bad key!")
    assert "idempotency_key" in info.value.fields
    other = qa.question(make_user(), idempotency_key="key-12345678")  # keys are per user
    assert other.id != q1.id
    assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 4


def test_concurrent_submits_with_one_idempotency_key_create_one_question(app, qa, make_user):
    space = qa.space()
    alice = make_user()
    alice_id, space_id = alice.id, space.id
    barrier = threading.Barrier(4)
    results, errors = [], []

    def worker():
        from app.auth.models import User

        with app.app_context():
            try:
                user = db.session.get(User, alice_id)
                barrier.wait(timeout=10)
                q = services.ask_question(user, title="Double clicked question", body="once", space=space_id,
                                          idempotency_key="double-click-key")  # fmt: skip
                results.append(q.id)
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len(set(results)) == 1 and len(results) == 4
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Question.id))) == 1


def test_reputation_is_shown_beside_authors_on_the_page_and_in_the_api(qa, make_user, client_for):
    alice, bob, carol = make_user(), make_user(), make_user()
    q = qa.question(alice)
    a = qa.answer(q, bob)
    voting.vote(carol, "answer", a.id, 1)
    voting.accept_answer(alice, a)
    page = client_for(None).get(f"/questions/{q.id}/{q.slug}").get_data(as_text=True)
    assert 'title="Reputation">26<' in page and 'title="Reputation">1<' in page
    thread = client_for(None).get(f"/api/v1/questions/{q.id}").get_json()
    assert thread["author"]["reputation"] == 1 and thread["answers"][0]["author"]["reputation"] == 26
