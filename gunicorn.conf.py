"""gunicorn settings for `make run` and production: one gevent worker with WebSocket support.

`gunicorn wsgi:app` reads this file from the working directory. gunicorn sets TCP_NODELAY on its
listening socket (accepted sockets inherit it), so small responses on a kept-alive connection
are not held back by Nagle's algorithm waiting for the client's delayed ACK (40 ms each).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# gevent-websocket's worker: pywsgi plus the WebSocket upgrade Socket.IO needs.
worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
# One worker per process: Socket.IO state and the event consumers live in the worker.
workers = 1
# Every open page holds one connection; gunicorn's default of 1000 is too low.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "10000"))
# Open WebSockets never finish by themselves: do not wait long for them on shutdown.
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "5"))
timeout = int(os.environ.get("WORKER_TIMEOUT", "60"))
loglevel = os.environ.get("LOG_LEVEL", "info")
accesslog = os.environ.get("ACCESS_LOG") or None  # "-" logs each request to stdout
