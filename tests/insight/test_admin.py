"""Organizations and people administration: the rules an admin would notice."""

import pytest
from sqlalchemy import select

from app.auth import services as auth
from app.core import settings
from app.core.errors import Conflict, Forbidden, ValidationError
from app.core.events import Event
from app.extensions import db
from app.insight import organizations, people, settings_admin
from app.tickets import sla


def _kinds():
    return [e.kind for e in db.session.scalars(select(Event).order_by(Event.id))]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "ALI"}, {"alice"}),
        ({"role": "partner_manager"}, {"pat"}),
        ({"tier": "platinum"}, {"olga"}),
        ({"tier": "gold"}, {"alice"}),
        ({"status": "suspended"}, {"olga"}),
    ],
)
def test_search_users_filters(cast, filters, expected):
    people.set_suspended(cast["admin"], cast["outsider"].id, True)
    assert people_names(cast["admin"], **filters) == expected


def test_filter_by_organization_and_bad_filters(cast):
    found = people_names(cast["admin"], organization=str(cast["acme"].id))
    assert found == {"alice"}
    with pytest.raises(ValidationError):
        people_names(cast["admin"], role="wizard")
    with pytest.raises(ValidationError):
        people_names(cast["admin"], organization="x")


def people_names(actor, **kw):
    return {u.username for u in people.search_users(actor, **kw).items}


def test_only_admins_manage_people(cast):
    for who in ("moderator", "pm", "customer", "partner"):
        with pytest.raises(Forbidden):
            people.search_users(cast[who])
        with pytest.raises(Forbidden):
            people.change_role(cast[who], cast["customer"].id, "admin")
        with pytest.raises(Forbidden):
            organizations.create_organization(cast[who], name="Nope")


def test_change_role_takes_effect_and_is_recorded(cast):
    before = cast["customer"].session_version
    people.change_role(cast["admin"], cast["customer"].id, "moderator")
    assert cast["customer"].role == "moderator"
    assert cast["customer"].session_version == before + 1  # old sessions end
    event = db.session.scalars(select(Event).where(Event.kind == "user.role_changed")).one()
    assert event.payload["before"] == "customer" and event.payload["after"] == "moderator"
    assert event.actor_id == cast["admin"].id and event.audience == "staff"
    with pytest.raises(Conflict):
        people.change_role(cast["admin"], cast["admin"].id, "customer")


def test_suspend_and_reinstate(cast, client_for):
    alice = cast["customer"]
    client = client_for(alice)
    people.set_suspended(cast["admin"], alice.id, True)
    assert client.get("/auth/account").status_code in (302, 401)  # signed out everywhere
    with pytest.raises(Forbidden):
        auth.authenticate(alice.email, "correct horse battery")
    people.set_suspended(cast["admin"], alice.id, False)
    assert auth.authenticate(alice.email, "correct horse battery").id == alice.id
    assert "user.suspended" in _kinds() and "user.unsuspended" in _kinds()
    with pytest.raises(Conflict):
        people.set_suspended(cast["admin"], cast["admin"].id, True)


def test_organization_rules(cast):
    admin = cast["admin"]
    with pytest.raises(Conflict):
        organizations.create_organization(admin, name="acme")  # names are unique, whatever the case
    with pytest.raises(ValidationError):
        organizations.create_organization(admin, name="New", tier="diamond")
    with pytest.raises(ValidationError):
        organizations.create_organization(admin, name="New", account_manager_id=cast["customer"].id)
    with pytest.raises(ValidationError):
        organizations.update_organization(admin, cast["reseller"].id, name="Resell Co", tier="standard",
                                          partner_id=cast["acme"].id)  # fmt: skip
    org = organizations.update_organization(
        admin, cast["acme"].id, name="Acme Ltd", tier="platinum", account_manager_id=cast["moderator"].id,
        partner_id=cast["reseller"].id,
    )  # fmt: skip
    assert (org.name, org.tier, org.account_manager.username) == ("Acme Ltd", "platinum", "mod")
    event = db.session.scalars(select(Event).where(Event.kind == "organization.updated")).one()
    assert event.payload["changes"]["tier"] == ["gold", "platinum"]


def test_email_domain_assigns_new_signups(cast):
    admin = cast["admin"]
    organizations.add_domain(admin, cast["acme"].id, "@Acme.Example")
    with pytest.raises(Conflict):
        organizations.add_domain(admin, cast["other"].id, "acme.example")
    with pytest.raises(ValidationError):
        organizations.add_domain(admin, cast["other"].id, "not a domain")
    bob = auth.register_user(email="bob@ACME.example", username="bob", password="correct horse battery")
    assert bob.organization_id == cast["acme"].id
    carol = auth.register_user(email="carol@elsewhere.example", username="carol", password="correct horse battery")
    assert carol.organization_id is None
    organizations.remove_domain(admin, cast["acme"].id, "acme.example")
    dan = auth.register_user(email="dan@acme.example", username="dan", password="correct horse battery")
    assert dan.organization_id is None


def test_merge_moves_members_domains_and_tickets(cast, tickets):
    admin, acme, other = cast["admin"], cast["acme"], cast["other"]
    organizations.add_domain(admin, other.id, "other.example")
    ticket = tickets.ticket(cast["outsider"])
    assert ticket.organization_id == other.id
    organizations.merge_organizations(admin, other.id, acme.id)
    db.session.expire_all()
    assert cast["outsider"].organization_id == acme.id
    assert db.session.get(type(ticket), ticket.id).organization_id == acme.id
    assert auth.organization_for_email("x@other.example").id == acme.id
    assert db.session.get(type(acme), other.id) is None
    with pytest.raises(ValidationError):
        organizations.merge_organizations(admin, acme.id, acme.id)


def _form(weights, sla_hours):
    form = {f"weight_{t}": w for t, w in weights.items()}
    for tier, row in sla_hours.items():
        for priority, (first, resolution) in row.items():
            form[f"sla_{tier}_{priority}_first"] = first
            form[f"sla_{tier}_{priority}_resolution"] = resolution
    return form


def test_settings_are_stored_and_read_by_ideas_and_sla(app, cast):
    from datetime import timedelta

    from app.ideas.services import tier_weights

    weights, table = settings_admin.current()
    assert weights == app.config["TIER_WEIGHTS"]
    table = {t: {p: list(v) for p, v in row.items()} for t, row in table.items()}
    table["gold"]["normal"] = [1, 6]
    settings_admin.save(cast["admin"], _form({"standard": 2, "gold": 5, "platinum": 9}, table))
    settings.forget()
    assert tier_weights() == {"standard": 2, "gold": 5, "platinum": 9}
    assert sla.targets("gold", "normal") == (timedelta(hours=1), timedelta(hours=6))
    changed = db.session.scalars(select(Event).where(Event.kind == "settings.changed")).all()
    assert {e.payload["key"] for e in changed} == {"TIER_WEIGHTS", "TICKET_SLA_HOURS"}
    bad = _form({"standard": 2, "gold": 5, "platinum": 9}, table) | {"sla_gold_normal_resolution": "0.5"}
    with pytest.raises(ValidationError):
        settings_admin.save(cast["admin"], bad)
    with pytest.raises(Forbidden):
        settings_admin.save(cast["moderator"], _form(weights, table))
