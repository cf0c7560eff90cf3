import pytest

import app.qa.models  # noqa: F401  (the Q&A tables these tests use)
from tests.notifications.factories import QAFactory


@pytest.fixture
def qa(app):
    return QAFactory()


@pytest.fixture
def people(make_user):
    """Everyone the authorization tables need."""
    return {
        "customer": make_user(),
        "other": make_user(),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }


@pytest.fixture
def in_request(app):
    """Service-level tests that raise translated errors need a request (for the locale)."""
    with app.test_request_context():
        yield
