"""Q&A: spaces, tags, questions, answers, comments, votes, revisions, reputation.

Services live in app.qa.services (events are listed in its docstring), app.qa.voting,
app.qa.queries and app.qa.spaces; models in app.qa.models.
"""


def init_app(app):
    """Register this domain's blueprints, CLI commands, template helpers and demo loader."""
    from app.demo import register_loader
    from app.qa import admin_routes, cli, demo, queries, routes  # noqa: F401  (admin_routes adds views)

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.spaces_cli)
    app.jinja_env.globals["question_url"] = routes.question_url
    app.jinja_env.globals["qa_recent_questions"] = queries.recent_questions
    app.jinja_env.globals["qa_spaces"] = queries.spaces
    app.jinja_env.filters["qa_excerpt"] = _excerpt
    register_loader("qa", demo.load)


def _excerpt(text: str, length: int = 200) -> str:
    from app.core.sanitize import excerpt

    return excerpt(text, length)
