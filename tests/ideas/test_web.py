"""The idea pages as people use them: boards, submitting, voting, statuses, merges, roadmap, manage."""

import json

from sqlalchemy import select

from app.extensions import db
from app.ideas import services, workflow
from app.ideas.models import Board, Idea


def test_admin_creates_board_and_customer_submits_and_votes(client_for, make_user, admin):
    admin_client = client_for(admin)
    response = admin_client.post("/ideas/boards/new", data={"name": "Mobile app", "vote_budget": "3"})
    assert response.status_code == 302
    board = db.session.scalars(select(Board)).one()
    assert board.slug == "mobile-app" and board.vote_budget == 3

    customer = client_for(make_user())
    page = customer.get("/ideas/b/mobile-app")
    assert "You have 3 votes left on this board." in page.get_data(as_text=True)
    response = customer.post("/ideas/b/mobile-app/new", data={"title": "Offline mode", "body": "Read on *planes*."})
    assert response.status_code == 302
    idea = db.session.scalars(select(Idea)).one()
    html = customer.get(response.location).get_data(as_text=True)
    assert "Offline mode" in html and "<em>planes</em>" in html

    customer.post(f"/ideas/{idea.id}/vote", data={"vote": "1"})
    customer.post(f"/ideas/{idea.id}/vote", data={"vote": "1"})  # a double click keeps one vote
    html = customer.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert 'data-votes="1"' in html and "Voted" in html
    assert "You have 2 votes left on this board." in html
    customer.post(f"/ideas/{idea.id}/vote", data={"vote": "0"})
    assert 'data-votes="0"' in customer.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_submit_with_bad_title_shows_the_error(client_for, make_user, ideas):
    board = ideas.board()
    response = client_for(make_user()).post(f"/ideas/b/{board.slug}/new", data={"title": "", "body": "x"})
    assert response.status_code == 400
    assert "Give your idea a title." in response.get_data(as_text=True)


def test_pm_changes_status_with_response_shown_on_idea_and_history(client_for, ideas, pm):
    idea = ideas.idea()
    client = client_for(pm)
    response = client.post(f"/ideas/{idea.id}/status", data={"status": "planned", "response": "Coming **soon**"})
    assert response.status_code == 302
    html = client_for(None).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Official response" in html and "<strong>soon</strong>" in html
    assert "changed the status from Open to Planned" in html


def test_unknown_status_on_the_web_is_a_400_naming_it(client_for, ideas, pm):
    idea = ideas.idea()
    response = client_for(pm).post(f"/ideas/{idea.id}/status", data={"status": "shipped"})
    assert response.status_code == 400
    assert "Unknown status" in response.get_data(as_text=True)


def test_vote_on_closed_idea_is_a_409_with_a_message(client_for, ideas, make_user):
    idea = ideas.idea()
    ideas.status(idea, "declined", "Not for us.")
    response = client_for(make_user()).post(f"/ideas/{idea.id}/vote", data={"vote": "1"})
    assert response.status_code == 409
    assert "Voting has ended" in response.get_data(as_text=True)


def test_merge_and_undo_on_the_web(client_for, ideas, make_user, pm):
    board = ideas.board()
    original, dup = ideas.idea(board=board, title="Excel export"), ideas.idea(board=board, title="Export to xlsx")
    ideas.vote(dup, make_user())
    client = client_for(pm)
    response = client.post(f"/ideas/{dup.id}/merge", data={"into": str(original.id)})
    assert response.status_code == 302
    html = client.get(f"/ideas/{dup.id}").get_data(as_text=True)
    assert "This idea is a duplicate" in html and f'href="/ideas/{original.id}"' in html
    assert "Undo merge" in html
    assert client.post(f"/ideas/{dup.id}/merge", data={"into": str(original.id)}).status_code == 409
    merge = workflow.active_merge(dup)
    assert client.post(f"/ideas/merges/{merge.id}/undo").status_code == 302
    db.session.expire_all()
    assert services.get_idea(dup.id).status == "open" and services.get_idea(dup.id).vote_count == 1


def test_merge_into_itself_is_a_400(client_for, ideas, pm):
    idea = ideas.idea()
    response = client_for(pm).post(f"/ideas/{idea.id}/merge", data={"into": str(idea.id)})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.get_data(as_text=True)


def test_board_sorting_and_roadmap(client_for, ideas, make_user):
    board = ideas.board()
    _low, high = ideas.idea(board=board, title="Low demand"), ideas.idea(board=board, title="High demand")
    ideas.vote(high, make_user(), make_user())
    ideas.status(high, "planned")
    client = client_for(None)
    html = client.get(f"/ideas/b/{board.slug}?sort=top").get_data(as_text=True)
    assert html.index("High demand") < html.index("Low demand")
    html = client.get(f"/ideas/b/{board.slug}?sort=newest").get_data(as_text=True)
    assert html.index("High demand") < html.index("Low demand")
    assert client.get(f"/ideas/b/{board.slug}?sort=bogus").status_code == 400
    roadmap = client.get(f"/ideas/b/{board.slug}/roadmap").get_data(as_text=True)
    assert "High demand" in roadmap and "Low demand" not in roadmap
    assert "In progress" in roadmap and "Completed" in roadmap


def test_manage_page_filters_and_exports(client_for, ideas, make_user, factories, pm):
    board = ideas.board()
    acme = factories.organization(name="Acme", tier="platinum")
    wanted = ideas.idea(board=board, title='=HYPERLINK("http://evil")')
    other = ideas.idea(board=board, title="Small thing")
    ideas.vote(wanted, make_user(organization=acme), make_user(organization=acme), make_user())
    ideas.vote(other, make_user(tier="gold"))
    client = client_for(pm)
    html = client.get("/ideas/manage?tier=platinum").get_data(as_text=True)
    assert "HYPERLINK" in html and "Small thing" not in html
    html = client.get(f"/ideas/manage?organization={acme.id}&sort=votes").get_data(as_text=True)
    assert "Small thing" not in html
    assert client.get("/ideas/manage?tier=diamond").status_code == 400

    csv_text = client.get("/ideas/manage/export.csv?sort=weighted").get_data(as_text=True)
    lines = csv_text.splitlines()
    assert lines[0].startswith("id,board,title,status,votes,weighted_demand,voters_standard,voters_gold")
    assert "'=HYPERLINK" in lines[1]
    assert "Acme: 2" in lines[1]
    data = json.loads(client.get("/ideas/manage/export.json").get_data(as_text=True))
    first = data["ideas"][0]
    assert first["voters_by_tier"] == {"platinum": 2, "standard": 1}
    assert first["voters_by_organization"] == {"Acme": 2}
    assert first["weighted_demand"] == 11


def test_comments(client_for, ideas, make_user):
    idea = ideas.idea()
    client = client_for(make_user())
    response = client.post(f"/ideas/{idea.id}/comments", data={"body": "I need this *too*"})
    assert response.status_code == 302
    assert "<em>too</em>" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert client.post(f"/ideas/{idea.id}/comments", data={"body": ""}).status_code == 400


def test_idea_page_runs_a_fixed_number_of_queries(client_for, ideas, make_user, app):
    from sqlalchemy import event

    idea = ideas.idea()
    counts = []
    for n in (1, 6):
        for _ in range(n):
            services.add_comment(make_user(), idea, "me too")
            ideas.vote(idea, make_user())
        statements = []

        def count(*_args, statements=statements):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        client_for(None).get(f"/ideas/{idea.id}")
        event.remove(db.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_demo_loader_fills_boards(app, client_for):
    from app.demo.services import load_demo

    load_demo()
    html = client_for(None).get("/ideas/").get_data(as_text=True)
    assert "Kith Cloud" in html and "手机应用" in html
    board = services.get_board("cloud")
    html = client_for(None).get(f"/ideas/b/{board.slug}?sort=weighted").get_data(as_text=True)
    assert "支持企业微信单点登录" in html
    assert "已上線" in client_for(None).get(f"/ideas/{_idea_id('繁體中文的電子郵件通知範本')}").get_data(as_text=True)


def _idea_id(title: str) -> int:
    return db.session.scalar(select(Idea.id).where(Idea.title == title))


def test_response_without_status_change_reads_as_a_response(client_for, ideas, pm):
    idea = ideas.idea()
    ideas.status(idea, "planned")
    ideas.status(idea, "planned", "Still planned, now for **June**.")
    html = client_for(None).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "responded" in html and "<strong>June</strong>" in html


def test_board_page_runs_a_fixed_number_of_queries(client_for, ideas, make_user):
    from sqlalchemy import event

    board = ideas.board()
    voter = make_user()
    client = client_for(voter)
    counts = []
    for n in (1, 8):
        for _ in range(n):
            ideas.vote(ideas.idea(board=board, author=make_user()), voter)
        statements = []

        def count(*_args, statements=statements):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        assert client.get(f"/ideas/b/{board.slug}").status_code == 200
        event.remove(db.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_manage_page_shows_the_top_rows_and_exports_everything(client_for, ideas, pm, monkeypatch):
    from app.ideas import routes_manage

    monkeypatch.setattr(routes_manage, "PAGE_ROWS", 2)
    board = ideas.board()
    for n in range(3):
        ideas.idea(board=board, title=f"Row idea {n}")
    client = client_for(pm)
    html = client.get("/ideas/manage").get_data(as_text=True)
    assert "3 ideas" in html and "showing the first 2" in html
    assert html.count("Row idea") == 2
    assert client.get("/ideas/manage/export.csv").get_data(as_text=True).count("Row idea") == 3
