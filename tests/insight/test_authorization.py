"""Who may open each insight page: admins administer; staff see insight; partner managers see their customers only."""

import pytest

ADMIN_ONLY = [
    "/insight/admin/users",
    "/insight/admin/organizations",
    "/insight/admin/settings",
    "/insight/admin/root-causes",
]
DENIED = 403


def _urls(cast):
    acme, other = cast["acme"].id, cast["other"].id
    return {
        "acme_360": f"/insight/organizations/{acme}",
        "other_360": f"/insight/organizations/{other}",
        "alice_360": f"/insight/people/{cast['customer'].id}",
        "olga_360": f"/insight/people/{cast['outsider'].id}",
        "dashboard": "/insight/",
        "export": "/insight/export?format=json",
        "acme_admin": f"/insight/admin/organizations/{acme}",
    }


# who -> the pages among _urls they may open (all others answer 403).
ALLOWED = {
    "admin": {"acme_360", "other_360", "alice_360", "olga_360", "dashboard", "export", "acme_admin"},
    "moderator": {"acme_360", "other_360", "alice_360", "olga_360", "dashboard", "export"},
    "pm": {"acme_360", "other_360", "alice_360", "olga_360", "dashboard", "export"},
    "partner": {"acme_360", "alice_360", "dashboard", "export"},
    "customer": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_pages_by_role(cast, client_for, who):
    client = client_for(cast[who])
    for name, url in _urls(cast).items():
        status = client.get(url).status_code
        assert status == (200 if name in ALLOWED[who] else DENIED), (who, name, status)
    for url in ADMIN_ONLY:
        assert client.get(url).status_code == (200 if who == "admin" else DENIED), (who, url)


def test_anonymous_is_sent_to_sign_in(cast, client_for):
    client = client_for(None)
    for url in [*_urls(cast).values(), *ADMIN_ONLY]:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url


@pytest.mark.parametrize("who", ["moderator", "pm", "partner", "customer"])
def test_admin_writes_are_refused(cast, client_for, who):
    client = client_for(cast[who])
    alice = cast["customer"]
    acme = cast["acme"].id
    posts = [
        (f"/insight/admin/users/{alice.id}", {"role": "admin"}),
        (f"/insight/admin/users/{alice.id}", {"suspended": "1"}),
        ("/insight/admin/organizations", {"name": "Evil", "tier": "gold"}),
        (f"/insight/admin/organizations/{acme}", {"name": "Evil", "tier": "gold"}),
        (f"/insight/admin/organizations/{acme}/domains", {"domain": "evil.example"}),
        (f"/insight/admin/organizations/{acme}/merge", {"target_id": cast["other"].id}),
        ("/insight/admin/settings", {}),
        ("/insight/admin/root-causes", {"name_en": "Evil"}),
    ]
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code in (302, 403), url
    # Nothing changed.
    from app.auth.models import Organization
    from app.extensions import db

    db.session.expire_all()
    assert alice.role == "customer" and not alice.is_suspended
    assert db.session.get(Organization, acme).name == "Acme"
    assert db.session.query(Organization).filter_by(name="Evil").count() == 0


def test_partner_dashboard_cannot_filter_outside_its_customers(cast, client_for):
    client = client_for(cast["partner"])
    response = client.get(f"/insight/?organization={cast['other'].id}")
    assert response.status_code == 400
    data = client.get("/insight/export?format=json").get_json()
    listed = {o["name"] for segment in data["segments"].values() for o in segment}
    assert "Other Corp" not in listed


def test_customer_cannot_set_root_causes(cast, client_for, tickets):
    from app.insight import root_causes

    cause = root_causes.create_root_cause(cast["admin"], {"name_en": "Billing"})
    ticket = tickets.ticket(cast["customer"])
    response = client_for(cast["customer"]).post(
        "/insight/root-cause", data={"subject_type": "ticket", "subject_id": ticket.id, "root_cause_id": cause.id}
    )
    assert response.status_code in (302, 403)
    assert root_causes.assigned("ticket", ticket.id) is None


def test_bad_input_is_a_clear_400(cast, client_for):
    client = client_for(cast["admin"])
    for url in ["/insight/?period=year", "/insight/?from=yesterday", "/insight/?tier=diamond",
                "/insight/export?format=xml", "/insight/export?measure=nope",
                f"/insight/people/{cast['customer'].id}?kind=telepathy", "/insight/admin/users?role=wizard"]:  # fmt: skip
        assert client.get(url).status_code == 400, url
    assert client.get("/insight/people/999999").status_code == 404
