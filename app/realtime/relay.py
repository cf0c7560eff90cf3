"""The "realtime" event-log consumer: emit each committed event to the rooms allowed to see it.

Emitting never blocks or breaks anything else: if Redis or the Socket.IO layer fails, the error
is logged and the cursor moves on; clients catch up through GET /api/v1/events on reconnect.
"""

import logging
import time

from app.extensions import socketio
from app.realtime import guard, rooms

log = logging.getLogger(__name__)

CONSUMER = "realtime"
stats = {"emitted": 0, "failed": 0, "last_commit_lag_ms": None}


def relay(event) -> None:
    """Consumer handler: deliver one event to its rooms."""
    targets = rooms.rooms_for_event(event)
    if not targets:
        return
    data = {**event.as_dict(), "rooms": targets}
    for name in targets:
        if rooms.is_restricted(name):
            _recheck_quietly(name)
    try:
        socketio.emit("event", data, to=targets if len(targets) > 1 else targets[0], namespace="/")
        stats["emitted"] += 1
        # Let the sockets' writer greenlets flush now, before the next (slower) consumers run.
        socketio.sleep(0)
        stats["last_commit_lag_ms"] = _lag_ms(event)
    except Exception:  # noqa: BLE001  (never let a realtime failure hold up the log)
        stats["failed"] += 1
        log.exception("realtime relay could not emit event %s to %s", event.id, targets)


def _recheck_quietly(name: str) -> None:
    """Drop local sockets that lost access to a restricted room before delivering to it."""
    try:
        guard.recheck(only_room=name)
    except Exception:  # noqa: BLE001
        log.exception("realtime re-check of %s failed", name)


def _lag_ms(event) -> float | None:
    created = getattr(event, "created_at", None)
    if created is None:
        return None
    return round((time.time() - created.timestamp()) * 1000, 1)
