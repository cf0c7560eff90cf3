"""Roles and the permission helper shared by views, API, sockets and services."""

import enum
from collections.abc import Callable

from flask import Flask, has_app_context, has_request_context, request

from app.core import registries
from app.core.errors import Forbidden, Unauthorized


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    MODERATOR = "moderator"
    PRODUCT_MANAGER = "product_manager"
    ADMIN = "admin"
    # A channel partner's manager: sees its customer organizations' 360 and dashboards, read-only.
    PARTNER_MANAGER = "partner_manager"


class Perm(enum.StrEnum):
    """Named capabilities; roles grant sets of them."""

    POST = "post"  # ask, answer, comment, vote, flag, submit ideas
    MODERATE = "moderate"  # review queue, hide/lock/close/merge posts, suspend users
    WORK_TICKETS = "work_tickets"  # see and work every support ticket
    MANAGE_IDEAS = "manage_ideas"  # change idea status, respond, merge, export
    MANAGE_KB = "manage_kb"  # write knowledge-base articles
    VIEW_INSIGHT = "view_insight"  # customer 360 and dashboards
    ADMIN = "admin"  # spaces, boards, users, roles, organizations, settings
    VIEW_OUTBOX = "view_outbox"  # the development email outbox


ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.CUSTOMER: frozenset({Perm.POST}),
    Role.MODERATOR: frozenset({Perm.POST, Perm.MODERATE, Perm.WORK_TICKETS, Perm.MANAGE_KB, Perm.VIEW_INSIGHT}),
    Role.PRODUCT_MANAGER: frozenset({Perm.POST, Perm.MANAGE_IDEAS, Perm.VIEW_INSIGHT}),
    Role.ADMIN: frozenset(Perm),
    Role.PARTNER_MANAGER: frozenset({Perm.POST}),
}

STAFF_ROLES = frozenset({Role.MODERATOR, Role.PRODUCT_MANAGER, Role.ADMIN})


def _is_active_user(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "id", None))


# Checks that can take Perm.POST away from one user for a while (e.g. moderation's "silence").
# Each returns None, or the message to show when the user tries to post.
PostBlocker = Callable[[object], str | None]
POST_BLOCKERS = "permissions.post_blockers"


def register_post_blocker(app: Flask, blocker: PostBlocker) -> None:
    """Let a domain withhold Perm.POST from individual users."""
    if blocker not in registries.items(POST_BLOCKERS, app):
        registries.add(app, POST_BLOCKERS, blocker)


def post_blocked_reason(user) -> str | None:
    """Why `user` may not post right now, or None (asked once per request)."""
    blockers = registries.items(POST_BLOCKERS) if has_app_context() else []
    if not blockers or not _is_active_user(user):
        return None
    cache = request.environ.setdefault("kith.post_blocked", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = next((reason for b in blockers if (reason := b(user))), None)
    return cache[user.id]


def forget_post_blocks() -> None:
    """Drop this request's cached answers (after a silence is imposed or lifted)."""
    if has_request_context():
        request.environ.pop("kith.post_blocked", None)


def limit_for_request(user, withheld: frozenset, staff: bool) -> None:
    """For the rest of this request, deny `user` the `withheld` perms (and staff sight unless `staff`).

    A scoped API token calls this: it narrows, never widens, what its user may do.
    """
    request.environ["kith.withheld_perms"] = (user.id, frozenset(withheld), bool(staff))


def _request_limit(user) -> tuple[frozenset, bool]:
    if not has_request_context():
        return frozenset(), True
    user_id, withheld, staff = request.environ.get("kith.withheld_perms", (None, frozenset(), True))
    return (withheld, staff) if user_id == getattr(user, "id", None) else (frozenset(), True)


def can(user, perm: Perm) -> bool:
    """Tell whether `user` (possibly anonymous or None) holds `perm`."""
    if not _is_active_user(user):
        return False
    if getattr(user, "is_suspended", False):
        return False
    if perm in _request_limit(user)[0]:
        return False
    if perm not in ROLE_PERMS.get(Role(user.role), frozenset()):
        return False
    return perm != Perm.POST or post_blocked_reason(user) is None


def is_staff(user) -> bool:
    """Tell whether `user` is company staff (moderator, product manager or admin)."""
    if not (_is_active_user(user) and not user.is_suspended and Role(user.role) in STAFF_ROLES):
        return False
    return _request_limit(user)[1]


def require(user, perm: Perm) -> None:
    """Raise Unauthorized for anonymous callers and Forbidden when `perm` is missing."""
    if not _is_active_user(user):
        raise Unauthorized()
    if not can(user, perm):
        blocked = post_blocked_reason(user) if perm == Perm.POST else None
        raise Forbidden(blocked) if blocked else Forbidden()
