"""Search engines behind one interface (app.search.base.SearchBackend)."""
