"""Search analytics tests: the report runs on the event log alone, so one search backend (Whoosh) is enough."""

from datetime import timedelta

import pytest

from tests.search.factories import SearchHelper


@pytest.fixture(autouse=True)
def _no_gap_grace(monkeypatch):
    """One process, nothing in flight: an id gap (a rolled-back insert on PostgreSQL) is final."""
    from app.core import events

    monkeypatch.setattr(events, "GAP_GRACE", timedelta(0))


@pytest.fixture
def s(factories) -> SearchHelper:
    return SearchHelper(factories)
