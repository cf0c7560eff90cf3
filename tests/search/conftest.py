"""Every search test runs against both backends: Whoosh, and PostgreSQL full-text search."""

import pytest

from tests.conftest import DB_KIND
from tests.search.factories import SearchHelper


@pytest.fixture(params=["whoosh", "postgres"])
def search_backend(request):
    if request.param == "postgres" and DB_KIND != "postgresql":
        pytest.skip("the postgres search backend needs PostgreSQL: run with KITH_TEST_DB=postgresql")
    return request.param


@pytest.fixture
def app_overrides(search_backend):
    return {"SEARCH_BACKEND": search_backend}


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services translate messages and build URLs: give them a request."""
    with app.test_request_context():
        yield
    backend = app.extensions.get("kith_search")
    if backend is not None:
        backend.close()


@pytest.fixture(autouse=True)
def _no_gap_grace(monkeypatch):
    """One process, nothing in flight: an id gap (a rolled-back insert on PostgreSQL) is final."""
    from datetime import timedelta

    from app.core.events import reader

    monkeypatch.setattr(reader, "GAP_GRACE", timedelta(0))


@pytest.fixture
def s(factories) -> SearchHelper:
    return SearchHelper(factories)
