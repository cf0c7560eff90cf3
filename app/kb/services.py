"""Knowledge-base rules: staff write and edit articles, or promote an accepted answer.

Events (audience "public"): kb.created and kb.edited, subject "kb", payload
{article_id, title, source_answer_id, question_id (when promoted)}.
"""

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core import events
from app.core.errors import Conflict, NotFound, ValidationError
from app.core.permissions import Perm, require
from app.core.sanitize import clean_plain_text, plain_text_from_markdown, render_markdown
from app.core.text import display_width
from app.core.timeutil import utcnow
from app.core.uow import transactional
from app.extensions import db
from app.kb.models import Article

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MAX = 50_000
_SLUG_DROP = re.compile(r"[^\w]+")


def slugify(title: str) -> str:
    """A URL slug that keeps Chinese characters."""
    text = unicodedata.normalize("NFKC", title).lower()
    return _SLUG_DROP.sub("-", text).strip("-")[:200] or "article"


def _check(title, body) -> tuple[str, str]:
    errors = {}
    if title is not None and not isinstance(title, str):
        errors["title"] = _l("Must be a string.")
    if body is not None and not isinstance(body, str):
        errors["body"] = _l("Must be a string.")
    if errors:
        raise ValidationError(fields=errors)
    title = clean_plain_text(title or "")
    body = (body or "").replace("\r\n", "\n").strip()
    if display_width(title) < TITLE_MIN:  # a CJK character counts as two: 工具列 is a title
        errors["title"] = _l("Use at least %(n)s characters.", n=TITLE_MIN)
    elif len(title) > TITLE_MAX:
        errors["title"] = _l("Use at most %(n)s characters.", n=TITLE_MAX)
    if not body:
        errors["body"] = _l("Write the article.")
    elif len(body) > BODY_MAX:
        errors["body"] = _l("Use at most %(n)s characters.", n=BODY_MAX)
    if errors:
        raise ValidationError(fields=errors)
    return title, body


def _set_content(article: Article, title: str, body: str) -> None:
    article.title, article.slug = title, slugify(title)
    article.body = body
    article.body_html = render_markdown(body)
    article.body_text = plain_text_from_markdown(body)


def _record(kind: str, actor, article: Article) -> None:
    payload = {"article_id": article.id, "title": article.title, "source_answer_id": article.source_answer_id}
    if article.source_question_id:
        payload["question_id"] = article.source_question_id
    events.record(kind, actor=actor, subject_type="kb", subject_id=article.id, payload=payload)


def get_article(article_id: int) -> Article:
    """An article (articles are public)."""
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(_l("That article does not exist."))
    return article


def list_articles(page: int = 1, per_page: int = 20):
    """Articles, newest first, paginated."""
    return db.paginate(select(Article).order_by(Article.created_at.desc(), Article.id.desc()), page=page,
                       per_page=per_page, error_out=False)  # fmt: skip


def count_articles() -> int:
    return db.session.scalar(select(func.count()).select_from(Article)) or 0


@transactional
def create_article(actor, *, title, body) -> Article:
    """Write a new article (moderators and admins)."""
    require(actor, Perm.MANAGE_KB)
    title, body = _check(title, body)
    article = Article(author_id=actor.id, created_at=utcnow())
    _set_content(article, title, body)
    db.session.add(article)
    db.session.flush()
    _record("kb.created", actor, article)
    return article


@transactional
def edit_article(actor, article_id: int, *, title=None, body=None) -> Article:
    """Change an article's title and/or body."""
    require(actor, Perm.MANAGE_KB)
    article = get_article(article_id)
    title, body = _check(article.title if title is None else title, article.body if body is None else body)
    _set_content(article, title, body)
    article.editor_id, article.updated_at = actor.id, utcnow()
    _record("kb.edited", actor, article)
    return article


@transactional
def promote_answer(actor, answer_id: int, *, title=None) -> Article:
    """Turn an accepted, visible answer into an article (its question's title by default)."""
    require(actor, Perm.MANAGE_KB)
    from app.qa.models import VISIBLE, Answer

    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.status != VISIBLE or answer.question.status != VISIBLE:
        raise NotFound(_l("That answer does not exist."))
    question = answer.question
    if question.accepted_answer_id != answer.id:
        raise Conflict(_l("Only an accepted answer can become an article."), code="not_accepted")
    existing = db.session.scalar(select(Article).where(Article.source_answer_id == answer.id))
    if existing is not None:
        raise Conflict(_l("This answer is already an article."), code="already_promoted")
    new_title, body = _check(title or question.title, answer.body)
    article = Article(author_id=actor.id, source_answer_id=answer.id, source_question_id=question.id)
    _set_content(article, new_title, body)
    db.session.add(article)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # the failed flush dooms the whole action; the error's text needs the session
        raise Conflict(_l("This answer is already an article."), code="already_promoted") from None
    _record("kb.created", actor, article)
    return article


def promoted_article_for(answer_id: int) -> Article | None:
    """The article made from `answer_id`, if any (for the question page's button)."""
    return db.session.scalar(select(Article).where(Article.source_answer_id == answer_id))
