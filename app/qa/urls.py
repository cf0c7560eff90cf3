"""Q&A's page addresses, for routes, templates, serializers and mail alike."""

from flask import url_for


def question_url(question, anchor: str | None = None) -> str:
    return url_for("qa.question", question_id=question.id, slug=question.slug, _anchor=anchor)
