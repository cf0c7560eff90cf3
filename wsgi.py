"""Production and `make run` entry point: `python wsgi.py` serves with gevent and Socket.IO."""

import os

if os.environ.get("SOCKETIO_ASYNC_MODE", "gevent") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from app import create_app, start_serving  # noqa: E402
from app.extensions import socketio  # noqa: E402

os.environ.setdefault("SOCKETIO_ASYNC_MODE", "gevent")
app = create_app()

# The event consumers (realtime relay, search indexer, notifications) run as a background task of
# the serving process unless a separate `flask events worker` runs them (several servers).
start_serving(app)

if __name__ == "__main__":
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    print(f" * Kith is serving on http://{host}:{port}")
    socketio.run(app, host=host, port=port, debug=False, use_reloader=False, log_output=True)
