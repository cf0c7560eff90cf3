"""Fifty simultaneous vote requests by one person leave exactly one vote (SQLite and PostgreSQL)."""

import threading

from sqlalchemy import func, select

from app.extensions import db
from app.ideas.models import IdeaVote

REQUESTS = 50


def _fire(app, token: str, path: str, method: str = "post") -> list[int]:
    statuses: list[int] = []
    barrier = threading.Barrier(REQUESTS)

    def one():
        client = app.test_client()
        barrier.wait()
        response = getattr(client, method)(path, headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=one) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_fifty_concurrent_votes_by_one_user_leave_one_vote(app, ideas, make_user):
    from app.auth import services as auth_services

    idea = ideas.idea()
    voter = make_user()
    token, _row = auth_services.issue_api_token(voter)
    statuses = _fire(app, token, f"/api/v1/ideas/{idea.id}/vote")
    assert statuses.count(200) == REQUESTS, statuses
    db.session.expire_all()
    rows = db.session.scalar(select(func.count(IdeaVote.id)).where(IdeaVote.idea_id == idea.id))
    assert rows == 1
    assert db.session.get(type(idea), idea.id).vote_count == 1


def test_concurrent_votes_respect_the_budget(app, ideas, make_user):
    from app.auth import services as auth_services

    board = ideas.board(vote_budget=1)
    first, second = ideas.idea(board=board), ideas.idea(board=board)
    voter = make_user()
    token, _row = auth_services.issue_api_token(voter)
    results: list[int] = []
    barrier = threading.Barrier(2)

    def one(idea_id):
        client = app.test_client()
        barrier.wait()
        results.append(
            client.post(f"/api/v1/ideas/{idea_id}/vote", headers={"Authorization": f"Bearer {token}"}).status_code
        )

    threads = [threading.Thread(target=one, args=(i.id,)) for i in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [200, 409]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(IdeaVote.id)).where(IdeaVote.user_id == voter.id)) == 1
