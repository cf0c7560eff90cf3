"""The review queue runs a fixed number of queries whatever its length."""

from tests.qa.test_query_count import count_queries


def _queries(client) -> int:
    client.get("/moderation/queue")  # warm-up
    with count_queries() as statements:
        response = client.get("/moderation/queue")
    assert response.status_code == 200
    return len(statements)


def test_review_queue_does_not_grow(make_user, qa, mod, client_for):
    client = client_for(make_user(role="moderator"))

    def flagged_posts(n):
        for _ in range(n):
            question = qa.question(make_user())
            mod.flag(question, reason="spam")
            mod.flag(qa.answer(question, make_user()), reason="offensive", note="Rude")

    flagged_posts(1)
    few = _queries(client)
    flagged_posts(6)
    many = _queries(client)
    assert many == few
    print("review queue queries:", many)
