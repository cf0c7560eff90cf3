"""`flask boards create` and friends."""

from app.ideas import services


def test_boards_create_and_list(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["boards", "create", "--name", "Mobile app", "--budget", "5"])
    assert result.exit_code == 0, result.output
    assert "created board mobile-app" in result.output
    assert services.get_board("mobile-app").vote_budget == 5
    again = runner.invoke(args=["boards", "create", "--name", "Mobile app"])
    assert again.exit_code != 0 and "slug" in again.output
    bad = runner.invoke(args=["boards", "create", "--name", "X", "--slug", "Not A Slug"])
    assert bad.exit_code != 0 and "slug" in bad.output
    listed = runner.invoke(args=["boards", "list"])
    assert "mobile-app" in listed.output and "budget=5" in listed.output


def test_ideas_recount(app, ideas, make_user):
    idea = ideas.vote(ideas.idea(), make_user(tier="gold"))
    app.config["TIER_WEIGHTS"] = {"standard": 1, "gold": 4, "platinum": 10}
    result = app.test_cli_runner().invoke(args=["ideas", "recount"])
    assert result.exit_code == 0 and "recounted 1 ideas" in result.output
    assert services.get_idea(idea.id).weighted_demand == 4
