"""The Socket.IO client library (from node_modules, installed by npm) and the page include."""

import os

from flask import Blueprint, abort, current_app, request, send_from_directory

from app.realtime.catchup import latest_event_id

bp = Blueprint("realtime", __name__, template_folder="templates")

VENDOR_FILES = {"socket.io.esm.min.js", "socket.io.esm.min.js.map"}
_SKIP_PREFIXES = ("/api/", "/static/", "/socket.io", "/vendor/")


def vendor_dir() -> str:
    return os.path.join(os.path.dirname(current_app.root_path), "node_modules", "socket.io-client", "dist")


@bp.get("/vendor/socket.io-client/<path:filename>")
def vendor(filename: str):
    if filename not in VENDOR_FILES:
        abort(404)
    return send_from_directory(vendor_dir(), filename, max_age=3600)


def remember_event_floor() -> None:
    """Before a page's content is read, note the newest event: the page is current up to it."""
    if request.method != "GET" or request.path.startswith(_SKIP_PREFIXES):
        return
    try:
        request.environ["kith.realtime_after"] = latest_event_id()
    except Exception:  # noqa: BLE001  (a page must load even if this fails)
        request.environ["kith.realtime_after"] = None
