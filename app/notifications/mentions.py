"""@mentions in plain text or Markdown: code spans and blocks do not count."""

import re

from sqlalchemy import func, select

from app.extensions import db

MAX_MENTIONS = 20
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_INDENTED = re.compile(r"^(?: {4}|\t).*$", re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
# A mention starts after a non-word character (so mail@example.com is not one).
_MENTION = re.compile(r"(?<![A-Za-z0-9_@./-])@([A-Za-z0-9_][A-Za-z0-9_.-]{1,31})")


def mentioned_usernames(text: str | None) -> list[str]:
    """Usernames mentioned as @name in `text`, in order, without duplicates (lower-case)."""
    if not text:
        return []
    text = _FENCE.sub(" ", text)
    text = _INDENTED.sub(" ", text)
    text = _CODE_SPAN.sub(" ", text)
    found: list[str] = []
    for match in _MENTION.finditer(text):
        name = match.group(1).rstrip(".-").lower()
        if name and name not in found:
            found.append(name)
        if len(found) >= MAX_MENTIONS:
            break
    return found


def mentioned_user_ids(text: str | None) -> list[int]:
    """Ids of existing users mentioned in `text`."""
    from app.auth.models import User

    names = mentioned_usernames(text)
    if not names:
        return []
    return list(db.session.scalars(select(User.id).where(func.lower(User.username).in_(names)).order_by(User.id)))
