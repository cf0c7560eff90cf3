"""Idempotent creation: a repeated submit with the same key returns the first object."""

import re
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import uow
from app.core.errors import Conflict, ValidationError
from app.core.uow import transactional
from app.extensions import db
from app.qa.models import Answer, Comment, IdempotencyKey, Question

_KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
MODELS = {"question": Question, "answer": Answer, "comment": Comment}


def check_key(value) -> str | None:
    """A client-chosen key of 8-64 safe characters, or None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _KEY_RE.match(value):
        raise ValidationError(
            fields={"idempotency_key": _l("Use 8 to 64 letters, digits, dashes, dots, colons or underscores.")}
        )
    return value


def _lookup(user_id: int, key: str, object_type: str):
    row = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key))
    if row is None:
        return None
    if row.object_type != object_type:
        raise Conflict(fields={"idempotency_key": _l("This key was already used for something else.")})
    return db.session.get(MODELS[object_type], row.object_id)


@transactional
def create_once(user_id: int, key, object_type: str, create: Callable[[], object]):
    """Run `create` (adds and flushes, no commit) unless `key` was seen, in one unit of work.

    The second of two concurrent submits fails on the unique (user_id, key) constraint, undoes
    what `create` did and returns the first one's object.
    """
    key = check_key(key)
    if not key:
        return create()
    found = _lookup(user_id, key, object_type)
    if found is not None:
        return found
    # Joined into a larger action, only this step is undone on a race (a savepoint). On its own
    # the whole transaction is: a SQLite savepoint would open a read transaction that cannot
    # then take the write lock once another writer committed.
    step = db.session.begin_nested() if uow.depth() > 1 else None
    obj = create()
    db.session.add(IdempotencyKey(user_id=user_id, key=key, object_type=object_type, object_id=obj.id))
    try:
        step.commit() if step else db.session.flush()
    except IntegrityError:
        step.rollback() if step else db.session.rollback()
        found = _lookup(user_id, key, object_type)
        if found is None:
            raise Conflict() from None
        return found
    return obj
