"""Keep every socket's rooms within what its user may see, re-checked on a short timer.

A suspended or signed-out user is disconnected; someone who lost access to a ticket (or a
thread that became hidden) is taken out of its room and told so. The timer runs in every
server process (each knows only its own sockets); the relay also re-checks a restricted room
just before it delivers to it.
"""

import logging
import threading
import time

from flask import current_app

from app.extensions import db, socketio
from app.realtime import rooms, state

log = logging.getLogger(__name__)

REVOKED = object()  # the connection's user is gone, suspended or signed out
_started: dict[int, bool] = {}
_lock = threading.Lock()


class _Anonymous:
    is_authenticated = False
    is_suspended = False
    id = None


ANONYMOUS = _Anonymous()


def load_user(conn: state.Conn):
    """The connection's user as the database has it now, ANONYMOUS, or REVOKED."""
    from app.auth.models import User

    if conn.user_id is None:
        return ANONYMOUS
    user = db.session.get(User, conn.user_id, populate_existing=True)
    if user is None or user.is_suspended or user.get_id() != conn.session_id:
        return REVOKED
    return user


def drop(sid: str) -> None:
    """Disconnect a socket whose user may no longer be here."""
    state.registry.remove(sid)
    try:
        socketio.server.disconnect(sid, namespace="/")
    except Exception:  # noqa: BLE001  (already gone)
        log.debug("disconnect of %s failed", sid, exc_info=True)


def recheck(only_room: str | None = None) -> int:
    """Re-validate this process's sockets (or those in one room); return how many lost something."""
    from app.auth.models import User

    conns = [c for c in state.registry.snapshot() if only_room is None or only_room in c.rooms]
    user_ids = {c.user_id for c in conns if c.user_id}
    users = {}
    if user_ids:
        found = db.session.scalars(
            db.select(User).where(User.id.in_(user_ids)).execution_options(populate_existing=True)
        )
        users = {u.id: u for u in found}
    decisions: dict[tuple, bool] = {}
    changed = 0
    for conn in conns:
        user = users.get(conn.user_id) if conn.user_id else ANONYMOUS
        if user is None or user.is_suspended or (conn.user_id and user.get_id() != conn.session_id):
            drop(conn.sid)
            changed += 1
            continue
        names = [only_room] if only_room else list(conn.rooms)
        for name in names:
            key = (conn.user_id, name)
            if key not in decisions:
                decisions[key] = rooms.may_join(user, name)
            if not decisions[key] and state.registry.left(conn.sid, name):
                socketio.server.leave_room(conn.sid, name, namespace="/")
                socketio.emit("room_closed", {"room": name}, to=conn.sid)
                changed += 1
    return changed


def ensure_started() -> None:
    """Start this process's re-check timer once (not in tests: they call recheck())."""
    app = current_app._get_current_object()
    if app.testing or not app.config.get("REALTIME_RECHECK_SECONDS"):
        return
    with _lock:
        if _started.get(id(socketio.server)):
            return
        _started[id(socketio.server)] = True
    socketio.start_background_task(_loop, app)


PRESENCE_REFRESH = 10.0


def announce_presence() -> None:
    """Re-announce this process's viewer count in each question room (clients add processes up)."""
    for name, count in list(state.registry.room_counts.items()):
        if name.startswith("question:"):
            payload = {"question_id": int(name.partition(":")[2]), "process": state.PROCESS_KEY, "count": count}
            socketio.emit("presence", payload, to=name)


def _loop(app) -> None:
    interval = float(app.config["REALTIME_RECHECK_SECONDS"])
    next_presence = time.monotonic() + PRESENCE_REFRESH
    while True:
        socketio.sleep(interval)
        if not state.registry.conns:
            continue
        if time.monotonic() >= next_presence:
            next_presence = time.monotonic() + PRESENCE_REFRESH
            try:
                announce_presence()
            except Exception:  # noqa: BLE001
                log.exception("presence announcement failed")
        with app.app_context():
            try:
                recheck()
            except Exception:  # noqa: BLE001
                log.exception("realtime re-check failed")
                db.session.rollback()
            finally:
                db.session.remove()
