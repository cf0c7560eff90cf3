"""Idea rules: votes, budgets, weighted demand, sorting, statuses, merges and undo."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.errors import Conflict, Forbidden, Unauthorized, ValidationError
from app.core.events import Event
from app.extensions import db
from app.ideas import following, services, workflow
from app.ideas.models import IdeaVote


def kinds():
    return [e.kind for e in db.session.scalars(select(Event).order_by(Event.id))]


def test_author_submits_idea_and_follows_it(ideas, make_user):
    author = make_user()
    idea = ideas.idea(author=author, title="  Dark <b>mode</b> please ", body="Use `prefers-color-scheme`.")
    assert idea.title == "Dark mode please"
    assert "<code>prefers-color-scheme</code>" in idea.body_html
    assert following.is_following(author, idea.id)
    assert "idea.created" in kinds()


@pytest.mark.parametrize("title", ["", "abc", "x" * 201, None, 12])
def test_bad_titles_are_rejected_naming_the_field(ideas, make_user, title):
    with pytest.raises(ValidationError) as err:
        services.create_idea(make_user(), ideas.board(), title=title)
    assert "title" in err.value.fields


def test_vote_is_one_per_user_and_toggles(ideas, make_user):
    idea = ideas.idea()
    voter = make_user()
    services.set_vote(voter, idea, True)
    services.set_vote(voter, idea, True)
    assert idea.vote_count == 1
    assert following.is_following(voter, idea.id)
    services.set_vote(voter, idea, False)
    assert idea.vote_count == 0
    services.set_vote(voter, idea, False)
    assert idea.vote_count == 0
    voted = [e for e in db.session.scalars(select(Event).where(Event.kind == "idea.voted"))]
    assert len(voted) == 2
    assert voted[0].payload == {
        "idea_id": idea.id,
        "board_id": idea.board_id,
        "votes": 1,
        "weighted": 1,
        "voted": True,
    }


def test_weighted_demand_counts_each_organization_once(app, ideas, make_user, factories):
    platinum = factories.organization(tier="platinum")
    gold = factories.organization(tier="gold")
    idea = ideas.idea()
    ideas.vote(
        idea,
        make_user(organization=platinum),
        make_user(organization=platinum),
        make_user(organization=gold),
        make_user(),  # no organization: one standard unit of their own
        make_user(),
    )
    weights = app.config["TIER_WEIGHTS"]
    assert idea.vote_count == 5
    assert idea.weighted_demand == weights["platinum"] + weights["gold"] + 2 * weights["standard"]


@pytest.mark.config(TIER_WEIGHTS={"standard": 2, "gold": 5, "platinum": 7})
def test_tier_weights_come_from_config(ideas, make_user):
    idea = ideas.vote(ideas.idea(), make_user(tier="gold"), make_user())
    assert idea.weighted_demand == 7


def test_vote_budget_is_enforced_and_refunded_when_an_idea_closes(ideas, make_user):
    board = ideas.board(vote_budget=2)
    first, second, third = (ideas.idea(board=board) for _ in range(3))
    voter = make_user()
    ideas.vote(first, voter)
    ideas.vote(second, voter)
    assert services.votes_left(voter, board) == 0
    with pytest.raises(Conflict) as err:
        services.set_vote(voter, third, True)
    assert err.value.code == "vote_budget_exhausted"
    ideas.status(first, "completed", "Shipped!")
    assert services.votes_left(voter, board) == 1
    ideas.vote(third, voter)
    assert third.vote_count == 1
    assert first.vote_count == 1  # the vote still shows as demand on the completed idea


@pytest.mark.parametrize("status", ["completed", "declined"])
def test_closed_ideas_take_no_votes(ideas, make_user, status):
    idea = ideas.idea()
    ideas.status(idea, status)
    with pytest.raises(Conflict) as err:
        services.set_vote(make_user(), idea, True)
    assert err.value.code == "idea_closed"


def test_sorts_top_weighted_newest_trending(ideas, make_user, factories):
    board = ideas.board()
    old_popular = ideas.idea(board=board, title="Old and popular")
    ideas.vote(old_popular, make_user(), make_user(), make_user())
    for vote in db.session.scalars(select(IdeaVote).where(IdeaVote.idea_id == old_popular.id)):
        vote.created_at -= timedelta(days=30)
    db.session.commit()
    platinum = ideas.idea(board=board, title="Platinum wants it")
    ideas.vote(platinum, make_user(tier="platinum"))
    fresh = ideas.idea(board=board, title="Fresh and hot")
    ideas.vote(fresh, make_user(), make_user())

    def titles(sort):
        return [i.title for i in services.list_ideas(board=board, sort=sort).items]

    assert titles("top") == ["Old and popular", "Fresh and hot", "Platinum wants it"]
    assert titles("weighted")[0] == "Platinum wants it"
    assert titles("newest") == ["Fresh and hot", "Platinum wants it", "Old and popular"]
    assert titles("trending") == ["Fresh and hot", "Platinum wants it", "Old and popular"]
    with pytest.raises(ValidationError) as err:
        services.list_ideas(board=board, sort="best")
    assert "sort" in err.value.fields


def test_status_change_records_history_and_event(ideas):
    idea = ideas.idea()
    change = ideas.status(idea, "planned", "We **will** build this. <script>alert(1)</script>")
    assert idea.status == "planned"
    assert "<strong>will</strong>" in change.response_html and "<script" not in change.response_html
    ideas.status(idea, "in_progress")
    assert [(c.from_status, c.to_status) for c in workflow.history(idea)] == [
        ("open", "planned"),
        ("planned", "in_progress"),
    ]
    event = db.session.scalars(select(Event).where(Event.kind == "idea.status_changed")).first()
    assert event.payload["idea_id"] == idea.id and event.payload["board_id"] == idea.board_id
    assert event.payload["status"] == "planned" and event.payload["previous_status"] == "open"
    assert event.payload["response_excerpt"].startswith("We will build this.")


@pytest.mark.parametrize("status", ["shipped", "duplicate", "", None])
def test_unknown_or_reserved_status_is_a_400_naming_status(ideas, status):
    with pytest.raises(ValidationError) as err:
        ideas.status(ideas.idea(), status)
    assert "status" in err.value.fields


def test_customers_and_anonymous_cannot_change_status(ideas, make_user):
    idea = ideas.idea()
    with pytest.raises(Forbidden):
        workflow.change_status(make_user(), idea, "planned")
    with pytest.raises(Forbidden):
        workflow.change_status(make_user(role="moderator"), idea, "planned")
    with pytest.raises(Unauthorized):
        workflow.change_status(None, idea, "planned")
    assert idea.status == "open"


def _snapshot(*ideas_):
    db.session.expire_all()
    snap = {}
    for idea in ideas_:
        idea = services.get_idea(idea.id)
        votes = db.session.execute(
            select(IdeaVote.id, IdeaVote.user_id, IdeaVote.created_at).where(IdeaVote.idea_id == idea.id)
        ).all()
        snap[idea.id] = {
            "status": idea.status,
            "merged_into": idea.merged_into_id,
            "votes": idea.vote_count,
            "weighted": idea.weighted_demand,
            "vote_rows": sorted(votes),
            "followers": following.follower_ids(idea.id),
        }
    return snap


def test_merge_moves_voters_and_followers_once_and_undo_restores_exactly(ideas, make_user, pm):
    board = ideas.board()
    original, duplicate = ideas.idea(board=board), ideas.idea(board=board)
    both, only_dup, only_orig = make_user(tier="gold"), make_user(), make_user()
    ideas.vote(original, both, only_orig)
    ideas.vote(duplicate, both, only_dup)
    ideas.status(duplicate, "under_review")
    before = _snapshot(original, duplicate)

    record = workflow.merge(pm, duplicate, original.id)
    after = _snapshot(original, duplicate)
    assert after[duplicate.id]["status"] == "duplicate" and after[duplicate.id]["merged_into"] == original.id
    assert after[duplicate.id]["votes"] == 0
    assert after[original.id]["votes"] == 3  # both, only_orig, only_dup: the double voter counted once
    assert {only_dup.id, duplicate.author_id} <= set(after[original.id]["followers"])
    with pytest.raises(Conflict):
        services.set_vote(make_user(), duplicate, True)

    workflow.undo_merge(pm, record)
    assert _snapshot(original, duplicate) == before
    with pytest.raises(Conflict):
        workflow.undo_merge(pm, record)
    assert kinds().count("idea.merged") == 1 and kinds().count("idea.unmerged") == 1


def test_merge_refuses_itself_and_its_own_duplicate(ideas, pm):
    a, b = ideas.idea(), ideas.idea()
    with pytest.raises(ValidationError) as err:
        workflow.merge(pm, a, a.id)
    assert "into" in err.value.fields
    workflow.merge(pm, b, a.id)
    with pytest.raises(ValidationError) as err:
        workflow.merge(pm, a, b.id)  # b is a's duplicate
    assert "into" in err.value.fields
    with pytest.raises(ValidationError):
        workflow.merge(pm, a, 999999)
    with pytest.raises(Conflict):
        workflow.merge(pm, b, a.id)  # already merged


def test_status_change_notifies_voters_followers(ideas, make_user):
    idea = ideas.idea()
    voter, follower = make_user(), make_user()
    ideas.vote(idea, voter)
    following.follow(follower, idea.id)
    db.session.commit()
    ideas.status(idea, "planned", "Soon")
    event = db.session.scalars(select(Event).where(Event.kind == "idea.status_changed")).first()
    recipients = dict(workflow.status_change_recipients(event))
    assert recipients[voter.id] == "voter"
    assert recipients[follower.id] == "follower"
    assert recipients[idea.author_id] == "follower"


def test_roadmap_columns(ideas):
    board = ideas.board()
    planned, doing, done, open_ = (ideas.idea(board=board) for _ in range(4))
    ideas.status(planned, "planned")
    ideas.status(doing, "in_progress")
    ideas.status(done, "completed")
    columns = services.roadmap(board)
    assert [i.id for i in columns["planned"]] == [planned.id]
    assert [i.id for i in columns["in_progress"]] == [doing.id]
    assert [i.id for i in columns["completed"]] == [done.id]


def test_control_characters_are_dropped_from_stored_text(ideas, make_user, pm):
    idea = ideas.idea(title="Nul\x00 byte title", body="body\x00 with nul\x07")
    assert idea.title == "Nul byte title" and idea.body == "body with nul"
    comment = services.add_comment(make_user(), idea, "c\x00omment")
    change = workflow.change_status(pm, idea, "planned", "re\x00ply")
    assert comment.body == "comment" and change.response == "reply"
