import pytest

from app.core.errors import Conflict, Forbidden, ValidationError
from app.moderation import flags


def test_a_flag_records_reason_and_note(mod, qa, make_user):
    question = qa.question()
    flag = mod.flag(question, reason="offensive", note="Insults another member")
    assert (flag.reason, flag.note, flag.status) == ("offensive", "Insults another member", "open")
    assert flag.question_id == question.id


def test_one_flag_per_user_per_post(mod, qa, make_user):
    answer = qa.answer(qa.question())
    user = make_user()
    mod.flag(answer, user)
    with pytest.raises(Conflict) as exc:
        mod.flag(answer, user, reason="other", note="again")
    assert exc.value.code == "already_flagged"


@pytest.mark.parametrize(
    ("reason", "note", "field"), [("rude", None, "reason"), ("other", None, "note"), ("spam", "x" * 501, "note")]
)
def test_bad_flags_name_the_field(mod, qa, reason, note, field):
    with pytest.raises(ValidationError) as exc:
        mod.flag(qa.question(), reason=reason, note=note)
    assert field in exc.value.fields


def test_authors_cannot_flag_their_own_post(mod, qa, make_user):
    author = make_user()
    with pytest.raises(Forbidden):
        mod.flag(qa.question(author), author)


@pytest.mark.config(MODERATION_HIDE_FLAG_THRESHOLD=3)
def test_three_trusted_flags_hide_a_post_until_reviewed(mod, qa, make_user):
    question = qa.question()
    for _ in range(2):
        mod.flag(question, make_user(role="moderator"))
    mod.flag(question, make_user())  # untrusted: a new customer's flag does not count
    assert question.status == "visible"
    mod.flag(question, make_user(role="admin"))
    assert question.status == "held"
    queue = flags.review_queue(make_user(role="moderator"))
    assert [item.post for item in queue] == [question]
    assert len(queue[0].open_flags) == 4


@pytest.mark.config(MODERATION_TRUSTED_REPUTATION=1)
def test_reputation_makes_a_customer_trusted(mod, qa, make_user):
    user = make_user()
    assert flags.is_trusted(user)
