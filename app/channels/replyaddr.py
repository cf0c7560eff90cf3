"""Per-recipient signed reply addresses: reply+<token>@<domain>, short and case-insensitive.

The token names the thread (a ticket or a question) and the recipient and carries the day it was issued; an
HMAC keyed by SECRET_KEY makes it unforgeable. Lower-case base-36 survives MTAs that fold case.
"""

import base64
import hashlib
import hmac
import time

from flask import current_app

KINDS = {"t": "ticket", "q": "question"}
DAY = 86400


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _sig(payload: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, b"reply-address:" + payload.encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode().lower()[:16]


def token_for(user_id: int, kind: str, target_id: int, now: float | None = None) -> str:
    """The signed token for one recipient of one thread."""
    letter = next(k for k, v in KINDS.items() if v == kind)
    payload = f"{letter}{_b36(target_id)}.{_b36(user_id)}.{_b36(int((now or time.time()) // DAY))}"
    return f"{payload}.{_sig(payload)}"


def address_for(user_id: int, kind: str, target_id: int) -> str:
    """reply+<token>@MAIL_REPLY_DOMAIN."""
    return f"reply+{token_for(user_id, kind, target_id)}@{current_app.config['MAIL_REPLY_DOMAIN']}"


class BadToken(Exception):
    """The reply token is forged, malformed or expired (the reason is in the message)."""


def parse(token: str, now: float | None = None) -> tuple[int, str, int]:
    """(user id, kind, target id) of a valid token, or raise BadToken."""
    token = (token or "").strip().lower()
    payload, _, sig = token.rpartition(".")
    parts = payload.split(".")
    if len(parts) != 3 or not parts[0] or parts[0][0] not in KINDS:
        raise BadToken("malformed")
    if not hmac.compare_digest(sig, _sig(payload)):
        raise BadToken("forged")
    try:
        target_id, user_id, day = int(parts[0][1:], 36), int(parts[1], 36), int(parts[2], 36)
    except ValueError as exc:
        raise BadToken("malformed") from exc
    if (now or time.time()) // DAY - day > current_app.config["MAIL_REPLY_TOKEN_DAYS"]:
        raise BadToken("expired")
    return user_id, KINDS[parts[0][0]], target_id
