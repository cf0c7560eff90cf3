"""Thin Socket.IO handlers: connect, join, leave, typing. Every decision is made on the server.

The client never tells us who it is: the user comes from the Flask session at connect time and
is re-read from the database on each event. Bad input gets an "error" event, never a crash.
"""

import json
import logging
import threading

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from app.core.permissions import Perm, can
from app.extensions import db, socketio
from app.realtime import guard, rooms, state

log = logging.getLogger(__name__)

MAX_PAYLOAD = 8 * 1024
MAX_EVENTS_PER_SECOND = 20
MAX_ROOMS = 20


def register_handlers() -> None:
    """Attach the handlers to the current Socket.IO server (called by init_app for each app)."""
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    socketio.on_event("join", on_join)
    socketio.on_event("leave", on_leave)
    socketio.on_event("typing", on_typing)
    socketio.on_event("*", on_unknown)
    socketio.on_error_default(on_error)


def _error(code: str, message: str, **extra) -> None:
    socketio.emit("error", {"code": code, "message": message, **extra}, to=request.sid)


def _session_user():
    """The signed-in user of the handshake's session (reloaded: never a cached one)."""
    g.pop("_login_user", None)
    return current_user._get_current_object()


def on_connect(auth=None):
    user = _session_user()
    conn = state.Conn(sid=request.sid)
    if user.is_authenticated:
        conn.user_id, conn.session_id, conn.name = user.id, user.get_id(), user.display_name
    state.registry.add(conn)
    guard.ensure_started()
    hello = {"user_id": conn.user_id, "process": state.PROCESS_KEY}
    if conn.user_id:
        state.registry.joined(request.sid, rooms.room("user", conn.user_id))
        socketio.server.enter_room(request.sid, rooms.room("user", conn.user_id), namespace="/")
    socketio.emit("hello", hello, to=request.sid)


def on_disconnect(reason=None):
    conn = state.registry.remove(request.sid)
    if conn is None:
        return
    for name in conn.rooms:
        if name.startswith("question:"):
            _announce_presence(name)
            if conn.user_id and conn.typing:
                _typing_stopped(name, conn, skip=request.sid)


def _payload(data) -> dict | None:
    """Validate an event payload: a small JSON object. Emit an error and return None if not."""
    conn = state.registry.get(request.sid)
    if conn is not None and not conn.allow(MAX_EVENTS_PER_SECOND):
        _error("slow_down", _("Too many messages; slow down."))
        return None
    try:
        size = len(json.dumps(data))
    except (TypeError, ValueError):
        size = MAX_PAYLOAD + 1
    if size > MAX_PAYLOAD:
        _error("payload_too_large", _("That message is too large."))
        return None
    if not isinstance(data, dict):
        _error("invalid_payload", _("Send an object."))
        return None
    return data


def _current_user_for(sid: str):
    """Re-read the connection's user: None if it is gone, suspended or signed out."""
    conn = state.registry.get(sid)
    if conn is None:
        return None, None
    return conn, guard.load_user(conn)


def on_join(data=None):
    data = _payload(data)
    if data is None:
        return {"ok": False}
    name = data.get("room")
    if rooms.parse_room(name) is None:
        _error("invalid_room", _("Unknown room."), room=name if isinstance(name, str) else None)
        return {"ok": False}
    conn, user = _current_user_for(request.sid)
    if conn is None or user is guard.REVOKED:
        guard.drop(request.sid)
        return {"ok": False}
    if not rooms.may_join(user, name):
        _error("forbidden", _("You cannot follow this page."), room=name)
        return {"ok": False}
    if name not in conn.rooms and len(conn.rooms) >= MAX_ROOMS:
        _error("too_many_rooms", _("You follow too many pages at once."))
        return {"ok": False}
    if state.registry.joined(request.sid, name):
        socketio.server.enter_room(request.sid, name, namespace="/")
    if name.startswith("question:"):
        _announce_presence(name)
    return {"ok": True, "room": name}


def on_leave(data=None):
    data = _payload(data)
    if data is None:
        return {"ok": False}
    name = data.get("room")
    if rooms.parse_room(name) is None:
        _error("invalid_room", _("Unknown room."))
        return {"ok": False}
    conn = state.registry.get(request.sid)
    was_typing = bool(conn and name.startswith("question:") and conn.typing)
    if state.registry.left(request.sid, name):
        socketio.server.leave_room(request.sid, name, namespace="/")
        if name.startswith("question:"):
            _announce_presence(name)
            if was_typing:
                _typing_stopped(name, conn, skip=request.sid)
    return {"ok": True}


def on_typing(data=None):
    data = _payload(data)
    if data is None:
        return None
    question_id = data.get("question_id")
    if not isinstance(question_id, int) or isinstance(question_id, bool) or question_id <= 0:
        _error("invalid_payload", _("question_id must be a positive number."))
        return None
    name = rooms.room("question", question_id)
    conn, user = _current_user_for(request.sid)
    if conn is None or name not in conn.rooms:
        _error("not_joined", _("Join the question first."))
        return None
    if user is guard.REVOKED or not can(user, Perm.POST):
        _error("forbidden", _("Sign in to answer."))
        return None
    if data.get("stopped") is True:
        if state.registry.stop_typing(request.sid, question_id):
            _typing_stopped(name, conn, skip=request.sid)
        return None
    if state.registry.should_broadcast_typing(request.sid, question_id):
        payload = {"question_id": question_id, "user_id": user.id, "name": user.display_name}
        socketio.emit("typing", payload, to=name, skip_sid=state.registry.sids_of_user(user.id))
    return None


def _typing_stopped(name: str, conn: state.Conn, skip: str | None = None) -> None:
    question_id = int(name.partition(":")[2])
    payload = {"question_id": question_id, "user_id": conn.user_id, "stopped": True}
    socketio.emit("typing", payload, to=name, skip_sid=skip)


def _announce_presence(name: str) -> None:
    """Tell a question room how many people this process has in it (coalesced per room).

    Announcing on every join would cost O(viewers²) messages when a crowd arrives, so joins and
    leaves within REALTIME_PRESENCE_DELAY seconds share one announcement.
    """
    delay = float(current_app.config.get("REALTIME_PRESENCE_DELAY") or 0)
    if delay <= 0:
        _emit_presence(name)
        return
    with _presence_lock:
        if name in _presence_pending:
            return
        _presence_pending.add(name)
    socketio.start_background_task(_presence_later, name, delay)


_presence_lock = threading.Lock()
_presence_pending: set[str] = set()


def _presence_later(name: str, delay: float) -> None:
    socketio.sleep(delay)
    with _presence_lock:
        _presence_pending.discard(name)
    try:
        _emit_presence(name)
    except Exception:  # noqa: BLE001
        log.exception("presence announcement for %s failed", name)


def _emit_presence(name: str) -> None:
    question_id = int(name.partition(":")[2])
    payload = {"question_id": question_id, "process": state.PROCESS_KEY, "count": state.registry.count(name)}
    socketio.emit("presence", payload, to=name, namespace="/")


def on_unknown(event, *args):
    _error("unknown_event", _("Unknown event."), event=str(event)[:64])


def on_error(exc):
    """Any handler failure: tell the client, log it, keep serving."""
    log.exception("socket handler failed: %s", exc)
    try:
        db.session.rollback()
        _error("server_error", _("Something went wrong."))
    except Exception:  # noqa: BLE001
        log.exception("could not report a socket error")
