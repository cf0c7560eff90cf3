"""Names of contact kinds and the titles of what each contact was about, for the timeline."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db

CONTACT_LABELS = {
    "question": _l("Asked a question"),
    "answer": _l("Answered"),
    "comment": _l("Commented"),
    "vote": _l("Voted on a post"),
    "accept": _l("Accepted an answer"),
    "me_too": _l("Has the same question"),
    "suggestion_click": _l("Opened a suggested question while asking"),
    "idea": _l("Submitted an idea"),
    "idea_vote": _l("Voted for an idea"),
    "idea_comment": _l("Commented on an idea"),
    "ticket": _l("Opened a ticket"),
    "ticket_message": _l("Wrote on a ticket"),
    "ticket_message_reply": _l("Support replied on a ticket"),
    "rating": _l("Rated support"),
    "rating_reply": _l("Rated support"),
    "search": _l("Searched"),
    "search_click": _l("Opened a search result"),
    "kb_read": _l("Read an article"),
    "visit": _l("Signed in"),
}
# Staff-authored posts in the community are shown with the same label.
for _kind in ("question", "answer", "comment", "vote", "accept", "idea", "idea_vote", "idea_comment"):
    CONTACT_LABELS[f"staff_{_kind}"] = CONTACT_LABELS[_kind]
# The kinds offered as timeline filters.
FILTER_KINDS = ("question", "answer", "comment", "vote", "idea", "idea_vote", "ticket", "ticket_message", "rating",
                "search", "kb_read", "visit")  # fmt: skip


def kind_label(kind: str) -> str:
    return str(CONTACT_LABELS.get(kind, kind))


def _titles(ref_type: str, ids: set[int]) -> dict[int, str]:
    """Titles of the questions, ideas, tickets or articles with these ids (one query per type)."""
    if not ids:
        return {}
    if ref_type == "question":
        from app.qa.models import Question as model

        column = model.title
    elif ref_type == "idea":
        from app.ideas.models import Idea as model

        column = model.title
    elif ref_type == "ticket":
        from app.tickets.models import Ticket as model

        column = model.subject
    elif ref_type == "kb":
        from app.kb.models import Article as model

        column = model.title
    else:
        return {}
    return dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).all())


def _url(ref_type: str, ref_id: int | None) -> str | None:
    endpoints = {"question": ("qa.question", "question_id"), "idea": ("ideas.show", "idea_id"),
                 "ticket": ("tickets.show", "ticket_id"), "kb": ("kb.article", "article_id")}  # fmt: skip
    if ref_id is None or ref_type not in endpoints:
        return None
    endpoint, arg = endpoints[ref_type]
    try:
        return url_for(endpoint, **{arg: ref_id})
    except Exception:  # noqa: BLE001  (a domain that is not loaded has no page)
        return None


def describe(contacts: list) -> list[dict]:
    """Each contact with its label, the title of what it was about and a link."""
    wanted: dict[str, set[int]] = {}
    for c in contacts:
        if c.ref_id is not None and c.ref_type:
            wanted.setdefault(c.ref_type, set()).add(c.ref_id)
    titles = {ref_type: _titles(ref_type, ids) for ref_type, ids in wanted.items()}
    return [
        {
            "contact": c,
            "label": kind_label(c.kind),
            "title": titles.get(c.ref_type or "", {}).get(c.ref_id) or "",
            "url": _url(c.ref_type or "", c.ref_id),
        }
        for c in contacts
    ]
