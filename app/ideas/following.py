"""Following ideas, through the notifications domain's follow services."""

from app.notifications import follows

TARGET = "idea"


def follow(user, idea_id: int) -> None:
    """Make `user` follow the idea (idempotent; the caller commits)."""
    follows.follow(user, TARGET, idea_id)


def unfollow(user, idea_id: int) -> None:
    follows.unfollow(user, TARGET, idea_id)


def follower_ids(idea_id: int) -> set[int]:
    return set(follows.follower_ids(TARGET, idea_id))


def is_following(user, idea_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return follows.is_following(user, TARGET, idea_id)
