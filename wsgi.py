"""Production and `make run` entry point, served by gunicorn's gevent worker (gunicorn.conf.py).

`gunicorn wsgi:app` (or `python wsgi.py`, which starts exactly that) imports this module in the
worker process: gevent monkey-patching first, then the app and its background work.
"""

import os
import sys

if __name__ == "__main__":
    # The master process only supervises: the worker imports this module and builds the app.
    here = os.path.dirname(os.path.abspath(__file__))
    os.chdir(here)
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"])  # noqa: S606

os.environ.setdefault("SOCKETIO_ASYNC_MODE", "gevent")
if os.environ["SOCKETIO_ASYNC_MODE"] == "gevent":
    from gevent import monkey

    if not monkey.is_module_patched("socket"):  # gunicorn's gevent worker has patched already
        monkey.patch_all()

from app import create_app, start_serving  # noqa: E402
from app.core.warmup import warm_up  # noqa: E402

app = create_app()
warm_up(app)  # templates and translations compiled before the first request, not during it

# The event consumers (realtime relay, search indexer, notifications) run as a background task of
# the serving process unless a separate `flask events worker` runs them (several servers).
start_serving(app)
