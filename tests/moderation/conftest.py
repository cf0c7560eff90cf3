import pytest

from tests.moderation.factories import ModerationFactories
from tests.qa.factories import QAFactories


@pytest.fixture
def qa(factories) -> QAFactories:
    return QAFactories(factories)


@pytest.fixture
def mod(factories, qa) -> ModerationFactories:
    return ModerationFactories(factories, qa)


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services raise errors with translated messages, which need a request (for the locale)."""
    with app.test_request_context():
        yield
