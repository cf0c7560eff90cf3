import pytest

from tests.ideas.factories import IdeaFactories


@pytest.fixture
def ideas(factories):
    return IdeaFactories(factories)


@pytest.fixture
def pm(ideas):
    return ideas.pm


@pytest.fixture
def admin(ideas):
    return ideas.admin


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services raise errors with translated messages, which need a request (for the locale)."""
    with app.test_request_context():
        yield
