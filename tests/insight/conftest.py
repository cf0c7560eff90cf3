import pytest

from app.insight import organizations
from tests.ideas.factories import IdeaFactories
from tests.qa.factories import QAFactories
from tests.tickets.factories import TicketFactories


@pytest.fixture
def qa(factories) -> QAFactories:
    return QAFactories(factories)


@pytest.fixture
def tickets(factories, qa) -> TicketFactories:
    return TicketFactories(factories, qa)


@pytest.fixture
def ideas(factories) -> IdeaFactories:
    return IdeaFactories(factories)


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services raise errors with translated messages, which need a request (for the locale)."""
    with app.test_request_context():
        yield


@pytest.fixture
def cast(factories):
    """One user of each kind, with a partner (Resell Co) whose customer is Acme; Other Corp is not its customer."""
    admin = factories.user(role="admin", username="root")
    partner = organizations.create_organization(admin, name="Resell Co", tier="standard")
    acme = organizations.create_organization(admin, name="Acme", tier="gold", partner_id=partner.id)
    other = organizations.create_organization(admin, name="Other Corp", tier="platinum")
    return {
        "admin": admin,
        "moderator": factories.user(role="moderator", username="mod"),
        "pm": factories.user(role="product_manager", username="pm"),
        "customer": factories.user(organization=acme, username="alice"),
        "outsider": factories.user(organization=other, username="olga"),
        "partner": factories.user(role="partner_manager", organization=partner, username="pat"),
        "acme": acme,
        "other": other,
        "reseller": partner,
    }
