import pytest

from tests.qa.factories import QAFactories


@pytest.fixture
def qa(factories) -> QAFactories:
    return QAFactories(factories)
