"""What this process knows about its own sockets: who they are, which rooms, who is typing.

Nothing here is shared between processes. Presence counts are per process and tagged with a
process key; clients add up the counts of every process (each re-announces its count every
PRESENCE_REFRESH seconds, and clients forget counts older than three refreshes).
"""

import os
import threading
import time
import uuid
from dataclasses import dataclass, field

PROCESS_KEY = f"{os.getpid()}-{uuid.uuid4().hex[:6]}"
TYPING_TTL = 5.0
TYPING_THROTTLE = 2.0


@dataclass
class Conn:
    sid: str
    user_id: int | None = None
    session_id: str | None = None
    name: str = ""
    rooms: set[str] = field(default_factory=set)
    typing: dict[int, float] = field(default_factory=dict)  # question id -> last broadcast
    window_start: float = 0.0
    window_count: int = 0

    def allow(self, per_second: int) -> bool:
        """A simple per-connection rate limit on client events."""
        now = time.monotonic()
        if now - self.window_start >= 1.0:
            self.window_start, self.window_count = now, 0
        self.window_count += 1
        return self.window_count <= per_second


class Registry:
    """Connections of this process, guarded by one lock (handlers run concurrently)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.conns: dict[str, Conn] = {}
        self.room_counts: dict[str, int] = {}

    def add(self, conn: Conn) -> None:
        with self.lock:
            self.conns[conn.sid] = conn

    def get(self, sid: str) -> Conn | None:
        return self.conns.get(sid)

    def remove(self, sid: str) -> Conn | None:
        with self.lock:
            conn = self.conns.pop(sid, None)
            if conn:
                for name in conn.rooms:
                    self._dec(name)
            return conn

    def joined(self, sid: str, name: str) -> bool:
        """Record a join; False if the socket was already in the room."""
        with self.lock:
            conn = self.conns.get(sid)
            if conn is None or name in conn.rooms:
                return False
            conn.rooms.add(name)
            self.room_counts[name] = self.room_counts.get(name, 0) + 1
            return True

    def left(self, sid: str, name: str) -> bool:
        with self.lock:
            conn = self.conns.get(sid)
            if conn is None or name not in conn.rooms:
                return False
            conn.rooms.discard(name)
            conn.typing.pop(_question_id(name), None)
            self._dec(name)
            return True

    def _dec(self, name: str) -> None:
        count = self.room_counts.get(name, 0) - 1
        if count > 0:
            self.room_counts[name] = count
        else:
            self.room_counts.pop(name, None)

    def count(self, name: str) -> int:
        return self.room_counts.get(name, 0)

    def snapshot(self) -> list[Conn]:
        with self.lock:
            return list(self.conns.values())

    def should_broadcast_typing(self, sid: str, question_id: int) -> bool:
        """Throttle: one typing broadcast per socket and question every TYPING_THROTTLE seconds."""
        now = time.monotonic()
        with self.lock:
            conn = self.conns.get(sid)
            if conn is None:
                return False
            last = conn.typing.get(question_id)
            if last is not None and now - last < TYPING_THROTTLE:
                return False
            conn.typing[question_id] = now
            return True

    def stop_typing(self, sid: str, question_id: int) -> bool:
        with self.lock:
            conn = self.conns.get(sid)
            return bool(conn and conn.typing.pop(question_id, None) is not None)

    def sids_of_user(self, user_id: int) -> list[str]:
        return [c.sid for c in self.snapshot() if c.user_id == user_id]


def _question_id(name: str) -> int | None:
    prefix, _, key = name.partition(":")
    return int(key) if prefix == "question" and key.isdigit() else None


registry = Registry()


def reset() -> None:
    """Forget every connection (a new Socket.IO server was created)."""
    global registry
    registry = Registry()
