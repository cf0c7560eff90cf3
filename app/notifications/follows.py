"""Follow services: other domains call follow / unfollow / is_following / follower_ids."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import NotFound, Unauthorized, ValidationError
from app.core.uow import transactional
from app.extensions import db
from app.notifications import registry
from app.notifications.models import Follow

MAX_KEY = 64


def _target(target_type) -> registry.FollowTarget:
    if not isinstance(target_type, str) or not target_type.strip():
        raise ValidationError(fields={"target_type": _l("This field is required.")})
    target = registry.follow_target(target_type.strip())
    if target is None:
        raise ValidationError(
            fields={"target_type": _l("Unknown target type. Use one of: %(types)s.", types=_types())},
            code="unknown_target_type",
        )
    return target


def _types() -> str:
    return ", ".join(registry.follow_target_types())


def normalize(target: registry.FollowTarget, target_id) -> object:
    """The id (int) or name (str) of a target, or a 400 naming target_id."""
    if target_id is None or (isinstance(target_id, str) and not target_id.strip()):
        raise ValidationError(fields={"target_id": _l("This field is required.")})
    if target.key == "name":
        if not isinstance(target_id, str | int) or isinstance(target_id, bool):
            raise ValidationError(fields={"target_id": _l("Must be a string.")})
        value = str(target_id).strip().lower()
        if len(value) > MAX_KEY:
            raise ValidationError(fields={"target_id": _l("Must be at most %(n)s characters.", n=MAX_KEY)})
        return value
    if isinstance(target_id, bool):
        raise ValidationError(fields={"target_id": _l("Must be a whole number.")})
    try:
        value = int(target_id)
    except (TypeError, ValueError):
        raise ValidationError(fields={"target_id": _l("Must be a whole number.")}) from None
    if value < 1 or value > 2**53:
        raise ValidationError(fields={"target_id": _l("Must be a whole number.")})
    return value


def _key_of(target_type: str, target_id) -> str:
    target = registry.follow_target(target_type)
    if target is not None and target.key == "name":
        return str(target_id).strip().lower()
    return str(target_id)


def check_visible(user, target_type, target_id) -> tuple[registry.FollowTarget, object]:
    """Validate a follow target for `user`: 400 for bad input, 404 for unknown or invisible."""
    if not getattr(user, "is_authenticated", False):
        raise Unauthorized()
    target = _target(target_type)
    value = normalize(target, target_id)
    if not target.exists(value) or not target.can_see(user, value):
        raise NotFound()
    return target, value


def add_follow(user_id: int, target_type: str, target_id) -> bool:
    """Make `user_id` follow a target inside the caller's transaction (flushes, never commits).

    Returns True when a new follow was added. For auto-follows by other domains' services.
    """
    key = _key_of(target_type, target_id)
    exists = db.session.scalar(
        select(Follow.id).where(Follow.user_id == user_id, Follow.target_type == target_type, Follow.target_key == key)
    )
    if exists:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user_id, target_type=target_type, target_key=key))
    except IntegrityError:
        return False  # a concurrent request added the same follow
    return True


def follow(user, target_type, target_id) -> bool:
    """Follow a target the user may see; True if newly followed. Idempotent; the caller commits."""
    target, value = check_visible(user, target_type, target_id)
    return add_follow(user.id, target.type, value)


def unfollow(user, target_type, target_id) -> bool:
    """Stop following a target; True if a follow was removed. Idempotent; the caller commits."""
    if not getattr(user, "is_authenticated", False):
        raise Unauthorized()
    target = _target(target_type)
    value = normalize(target, target_id)
    result = db.session.execute(
        delete(Follow).where(
            Follow.user_id == user.id,
            Follow.target_type == target.type,
            Follow.target_key == _key_of(target.type, value),
        )
    )
    db.session.flush()
    return bool(result.rowcount)


@transactional
def set_following(user, target_type, target_id, following: bool) -> bool:
    """Follow or unfollow a target (the web toggle and the API); return whether the state changed."""
    changed = follow(user, target_type, target_id) if following else unfollow(user, target_type, target_id)
    return changed


def is_following(user, target_type: str, target_id) -> bool:
    """Tell whether `user` follows the target (False for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user.id,
                Follow.target_type == target_type,
                Follow.target_key == _key_of(target_type, target_id),
            )
        )
    )


def follower_ids(target_type: str, target_id) -> list[int]:
    """Ids of the users following a target."""
    return list(
        db.session.scalars(
            select(Follow.user_id)
            .where(Follow.target_type == target_type, Follow.target_key == _key_of(target_type, target_id))
            .order_by(Follow.user_id)
        )
    )


def followed_keys(user, target_type: str, keys) -> set[str]:
    """Of the given target ids, the ones `user` follows (one query, for list pages)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    wanted = {_key_of(target_type, k) for k in keys}
    if not wanted:
        return set()
    rows = db.session.scalars(
        select(Follow.target_key).where(
            Follow.user_id == user.id, Follow.target_type == target_type, Follow.target_key.in_(wanted)
        )
    )
    return set(rows)


def move_followers(target_type: str, from_id, to_id) -> int:
    """Move every follower of one target to another (merges); each person counted once. Flushes."""
    moved = 0
    for user_id in follower_ids(target_type, from_id):
        moved += add_follow(user_id, target_type, to_id)
    db.session.execute(
        delete(Follow).where(Follow.target_type == target_type, Follow.target_key == _key_of(target_type, from_id))
    )
    db.session.flush()
    return moved


def list_follows(user, target_type: str | None = None) -> list[Follow]:
    """What `user` follows, newest first (optionally of one type)."""
    if not getattr(user, "is_authenticated", False):
        raise Unauthorized()
    stmt = select(Follow).where(Follow.user_id == user.id)
    if target_type:
        stmt = stmt.where(Follow.target_type == target_type)
    return list(db.session.scalars(stmt.order_by(Follow.id.desc()).limit(500)))
