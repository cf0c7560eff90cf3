"""Spaces: one per product or topic area, created and ordered by admins."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import events
from app.core.errors import Conflict, ValidationError
from app.core.permissions import Perm, require
from app.core.sanitize import clean_plain_text
from app.core.uow import transactional
from app.extensions import db
from app.qa.models import Space
from app.qa.text import slugify

_SLUG_RE = re.compile(r"^[\w-]{1,80}$")


def _check(name, slug, description, position) -> tuple[str, str, str, int]:
    name = clean_plain_text(name if isinstance(name, str) else "")
    if not name:
        raise ValidationError(fields={"name": _l("Enter a name.")})
    if len(name) > 80:
        raise ValidationError(fields={"name": _l("Use at most %(n)s characters.", n=80)})
    slug = (slug or "").strip().lower() if isinstance(slug, str) else ""
    slug = slug or slugify(name)
    if not _SLUG_RE.match(slug):
        raise ValidationError(fields={"slug": _l("Use letters, digits and dashes only.")})
    description = clean_plain_text(description) if isinstance(description, str) else ""
    if len(description) > 2000:
        raise ValidationError(fields={"description": _l("Use at most %(n)s characters.", n=2000)})
    try:
        position = int(position or 0)
    except (TypeError, ValueError):
        raise ValidationError(fields={"position": _l("Must be a whole number.")}) from None
    return name, slug, description, position


def _save(actor, space: Space, kind: str) -> Space:
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # the failed flush dooms the whole action; the error's text needs the session
        raise Conflict(fields={"name": _l("A space with this name or address already exists.")}) from None
    events.record(
        kind,
        actor=actor,
        subject_type="space",
        subject_id=space.id,
        payload={"space_id": space.id, "name": space.name},
    )
    return space


@transactional
def create_space(actor, *, name, slug=None, description="", position=0, from_cli: bool = False) -> Space:
    """Create a space (admins; the command line passes actor=None with from_cli=True)."""
    if not from_cli:
        require(actor, Perm.ADMIN)
    name, slug, description, position = _check(name, slug, description, position)
    if db.session.scalar(select(Space.id).where((Space.name == name) | (Space.slug == slug))):
        raise Conflict(fields={"name": _l("A space with this name or address already exists.")})
    space = Space(name=name, slug=slug, description=description, position=position)
    db.session.add(space)
    return _save(actor, space, "space.created")


@transactional
def update_space(actor, space: Space, *, name, slug=None, description="", position=0) -> Space:
    """Rename, describe or reorder a space (admins)."""
    require(actor, Perm.ADMIN)
    space.name, space.slug, space.description, space.position = _check(name, slug, description, position)
    return _save(actor, space, "space.updated")
