"""What staff see on the 360 pages, the ticket panel and the exports."""

import csv
import html
import io

from app.core.events import run_all_consumers
from app.insight import root_causes
from app.tickets import services as ticket_services


def test_person_360_shows_the_timeline_and_exports(cast, client_for, qa, tickets):
    alice = cast["customer"]
    question = qa.question(alice, title="Où est ma facture 發票 <script>x</script>")
    ticket = tickets.ticket(alice, agent=cast["moderator"])
    run_all_consumers()
    client = client_for(cast["moderator"])
    page = client.get(f"/insight/people/{alice.id}").get_data(as_text=True)
    assert "Asked a question" in page and "Opened a ticket" in page
    assert html.escape(question.title, quote=False) in page and "<script>x</script>" not in page
    assert "Health = 40 × activity" in page and "Acme" in page
    only_tickets = client.get(f"/insight/people/{alice.id}?kind=ticket").get_data(as_text=True)
    assert "Opened a ticket" in only_tickets and "Asked a question</span>" not in only_tickets
    response = client.get(f"/insight/people/{alice.id}?format=csv")
    body = response.get_data()
    assert body.startswith("\ufeff".encode()) and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["kind"] for r in rows} >= {"question", "ticket"}
    assert any(r["title"] == question.title for r in rows)
    data = client.get(f"/insight/people/{alice.id}?format=json").get_json()
    assert data["tier"] == "gold" and data["summary"]["contacts"] >= 2
    assert ticket.id in {r["ref_id"] for r in data["timeline"]}


def test_agent_sees_the_panel_and_must_give_a_root_cause(cast, client_for, tickets):
    alice, mod = cast["customer"], cast["moderator"]
    ticket = tickets.ticket(alice, agent=mod)
    run_all_consumers()
    client = client_for(mod)
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "Customer 360" in page and f"/insight/people/{alice.id}" in page
    assert "Root cause" not in page  # no list yet: nothing to choose, nothing required
    ticket_services.update_ticket(mod, ticket.id, status="open")
    cause = root_causes.create_root_cause(cast["admin"], {"name_en": "Billing", "name_zh_hant": "帳單"})
    response = client.post(f"/tickets/{ticket.id}/update", data={"status": "solved", "priority": "normal"})
    assert response.status_code == 409  # a clear message: choose a root cause first
    from app.extensions import db
    from app.tickets.models import Ticket

    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status != "solved"
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "Root cause" in page and "Billing" in page
    response = client.post("/insight/root-cause", data={"subject_type": "ticket", "subject_id": ticket.id,
                                                       "root_cause_id": cause.id, "next": f"/tickets/{ticket.id}"})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/tickets/{ticket.id}")
    ticket_services.update_ticket(mod, ticket.id, status="solved")
    assert db.session.get(Ticket, ticket.id).status == "solved"
    # The customer sees no panel on their own ticket.
    assert "Customer 360" not in client_for(alice).get(f"/tickets/{ticket.id}").get_data(as_text=True)


def test_dashboard_export_csv_has_a_bom_and_every_measure(cast, client_for, qa):
    qa.question(cast["customer"])
    run_all_consumers()
    response = client_for(cast["admin"]).get("/insight/export?format=csv&period=month")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    measures = {row["measure"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert {"deflection", "first_response", "tickets", "csat", "active_users", "ideas_demand"} <= measures


def test_product_managers_see_only_the_idea_measures(cast, client_for):
    data = client_for(cast["pm"]).get("/insight/export?format=json").get_json()
    assert {m["key"] for m in data["measures"]} == {"ideas_demand", "loop_closure"}
    assert "segments" not in data
    page = client_for(cast["pm"]).get("/insight/").get_data(as_text=True)
    assert "Community deflection" not in page and "Idea demand by tier" in page
