import pytest

from tests.qa.factories import QAFactories
from tests.tickets.factories import TicketFactories


@pytest.fixture
def qa(factories) -> QAFactories:
    return QAFactories(factories)


@pytest.fixture
def tickets(factories, qa) -> TicketFactories:
    return TicketFactories(factories, qa)


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services raise errors with translated messages, which need a request (for the locale)."""
    with app.test_request_context():
        yield
