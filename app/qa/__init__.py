"""Q&A: spaces, tags, questions, answers, comments, votes, revisions, reputation.

Services live in app.qa.services (events are listed in its docstring), app.qa.voting,
app.qa.queries and app.qa.spaces; models in app.qa.models.
"""

import functools


def init_app(app):
    """Register this domain's blueprints, CLI commands, template helpers and demo loader."""
    from app.demo import register_loader
    from app.qa import admin_routes, cli, demo, queries, routes  # noqa: F401  (admin_routes adds views)
    from app.qa.search_documents import QuestionDocuments
    from app.search.providers import register_provider

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.spaces_cli)
    app.jinja_env.globals["question_url"] = routes.question_url
    app.jinja_env.globals["qa_recent_questions"] = queries.recent_questions
    app.jinja_env.globals["qa_spaces"] = queries.spaces
    app.jinja_env.filters["qa_excerpt"] = _excerpt
    app.jinja_env.filters["qa_ago"] = _ago
    register_loader("qa", demo.load)
    register_provider(app, QuestionDocuments())


def _excerpt(text: str, length: int = 200) -> str:
    from app.core.sanitize import excerpt

    return excerpt(text, length)


def _bucket(seconds: float) -> int:
    """Round a time difference to the unit "N minutes/hours/days ago" shows, so results can be cached."""
    size = abs(seconds)
    for unit in (86400 * 365, 86400 * 30, 86400 * 7, 86400, 3600, 60):
        if size >= unit:
            return int(round(seconds / unit) * unit)
    return int(seconds)


def _ago(value) -> str:
    """Like the layout's |ago, cached per locale and display unit (a thread shows hundreds of them)."""
    if not value:
        return ""
    from flask_babel import get_locale

    from app.core.timeutil import utcnow

    return _ago_cached(str(get_locale()), _bucket((value - utcnow()).total_seconds()))


@functools.lru_cache(maxsize=4096)
def _ago_cached(locale: str, seconds: int) -> str:
    from datetime import timedelta

    from babel.dates import format_timedelta

    return format_timedelta(timedelta(seconds=seconds), add_direction=True, locale=locale)
