"""Following ideas, through the notifications domain's services.

The notifications domain owns follows; this module keeps the ideas code independent of
whether a given helper (unfollow, is_following) exists in this build.
"""

TARGET = "idea"


def _services():
    from app.notifications import services

    return services


def follow(user, idea_id: int) -> None:
    """Make `user` follow the idea (idempotent; the caller commits)."""
    _services().follow(user, TARGET, idea_id)


def unfollow(user, idea_id: int) -> None:
    svc = _services()
    if hasattr(svc, "unfollow"):
        svc.unfollow(user, TARGET, idea_id)


def follower_ids(idea_id: int) -> set[int]:
    return set(_services().follower_ids(TARGET, idea_id))


def is_following(user, idea_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return _services().is_following(user, TARGET, idea_id)
