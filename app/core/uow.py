"""The unit of work: one user action is one transaction, committed once with its events.

Public services run inside `unit_of_work()` (or carry `@transactional`). Only the outermost one
commits; a service called by another joins the caller's transaction and only flushes, so a
consumer never sees half an action. An exception anywhere rolls the whole action back.
"""

from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from app.extensions import db

_DEPTH = "kith_uow_depth"
P = ParamSpec("P")
R = TypeVar("R")


def depth() -> int:
    """How many units of work are open on this session (0: none)."""
    return db.session.info.get(_DEPTH, 0)


def active() -> bool:
    """Tell whether the caller runs inside a unit of work."""
    return depth() > 0


@contextmanager
def unit_of_work():
    """Run the block as one transaction: the outermost block commits, nested blocks join it."""
    session = db.session()
    outer = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = outer + 1
    try:
        yield session
        if outer:
            session.flush()
        else:
            session.commit()
    except BaseException:
        if not outer:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = outer


def transactional(fn: Callable[P, R]) -> Callable[P, R]:
    """Run the decorated service in a unit of work (joined when the caller already has one)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return fn(*args, **kwargs)

    return wrapper


@contextmanager
def savepoint():
    """Let one step fail (e.g. on a unique constraint) without losing the rest of the action."""
    with db.session.begin_nested():
        yield
