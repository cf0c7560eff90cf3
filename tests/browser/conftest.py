"""Real-browser tests: the fixtures (live_server, browser, new_page, page) live in tests/conftest.py,
so every folder shares one Playwright session."""
