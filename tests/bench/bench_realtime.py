"""Realtime benchmark: 1,000 Socket.IO clients in one question room, one answer posted at a time.

    .venv/bin/python -m tests.bench.bench_realtime [--clients 1000] [--posts 50] [--no-redis]

Measures, in one run on this machine:
  1. Kith (wsgi.py stack: Flask-SocketIO on gevent): time from the answer's commit to each
     client's receipt of the relayed event (p50 / p99 / last-client), and server RSS per connection;
  2. a bare python-socketio server (same gevent stack) broadcasting the same payload;
  3. two Kith processes sharing events through Redis (clients split between them): the extra
     delay of clients on the process that did not commit.
BENCH_TRACE_EMIT=1 makes the Kith server print COMMIT/EMIT times to stderr (commit-to-relay delay).
Servers run as subprocesses controlled over stdin; clients are python-socketio AsyncClients
(websocket transport) in this process. Everything stops by itself (hard limit: --max-seconds).
"""

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REDIS_QUEUE = "redis://127.0.0.1:6379/14"


# --- server side (runs in a subprocess: `--serve kith|bare`) -------------------------------------


def _control_lines():
    """Yield stdin lines cooperatively under gevent."""
    from gevent.socket import wait_read

    buffer = b""
    while True:
        wait_read(0)
        chunk = os.read(0, 4096)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.decode().strip()


def _say(*parts) -> None:
    sys.stdout.write("BENCH " + " ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def serve_kith(port: int, question_id: int, user_id: int) -> None:
    import gevent

    import wsgi  # the production entry: gevent monkey-patching, create_app, consumers started
    from app.auth.models import User
    from app.extensions import db, socketio
    from app.qa import services
    from app.qa.models import Question

    app = wsgi.app

    def control():
        for line in _control_lines():
            if line.startswith("post"):
                n = line.split()[1]
                with app.app_context():
                    user, question = db.session.get(User, user_id), db.session.get(Question, question_id)
                    answer = services.post_answer(user, question, body=f"Benchmark answer number {n}.")
                    committed = time.time()
                    _say("COMMIT", answer.id, committed)
                    if os.environ.get("BENCH_TRACE_EMIT"):
                        sys.stderr.write(f"COMMIT {answer.id} {committed}\n")
                    db.session.remove()
            elif line == "quit":
                os._exit(0)

    if os.environ.get("BENCH_TRACE_EMIT"):
        from app.realtime import relay

        original = relay.socketio.emit

        def traced(event, data=None, **kw):
            if event == "event" and data and data.get("kind") == "answer.created":
                sys.stderr.write(f"EMIT {data['payload']['answer_id']} {time.time()}\n")
            return original(event, data, **kw)

        relay.socketio.emit = traced
    gevent.spawn(control)
    _say("READY", os.getpid())
    socketio.run(app, host="127.0.0.1", port=port, debug=False, use_reloader=False, log_output=False)


def serve_bare(port: int, question_id: int, payload_json: str) -> None:
    from gevent import monkey

    monkey.patch_all()
    import gevent
    import socketio
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    sio = socketio.Server(async_mode="gevent")
    room = f"question:{question_id}"

    @sio.on("join")
    def join(sid, data):
        sio.enter_room(sid, room)
        return {"ok": True, "room": room}

    def control():
        for n, line in enumerate(_control_lines(), start=1):
            if line.startswith("post"):
                payload = json.loads(payload_json)
                payload["payload"]["answer_id"] = n
                committed = time.time()
                sio.emit("event", payload, to=room)
                _say("COMMIT", n, committed)
            elif line == "quit":
                os._exit(0)

    gevent.spawn(control)
    _say("READY", os.getpid())
    app = socketio.WSGIApp(sio)
    pywsgi.WSGIServer(("127.0.0.1", port), app, handler_class=WebSocketHandler, log=None).serve_forever()


# --- driver ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Server:
    def __init__(self, kind: str, args: list[str], env: dict):
        self.port = _free_port()
        cmd = [sys.executable, "-m", "tests.bench.bench_realtime", "--serve", kind, "--port", str(self.port), *args]
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if os.environ.get("BENCH_TRACE_EMIT") else subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.commits: asyncio.Queue = asyncio.Queue()

    async def start(self):
        loop = asyncio.get_running_loop()
        self.reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(self.reader), self.proc.stdout)
        while True:
            line = (await asyncio.wait_for(self.reader.readline(), 60)).decode()
            if not line:
                raise RuntimeError("server exited before it was ready")
            if line.startswith("BENCH READY"):
                break
        asyncio.create_task(self._pump())
        await self._wait_listening()

    async def _pump(self):
        while line := await self.reader.readline():
            parts = line.decode().split()
            if parts[:2] == ["BENCH", "COMMIT"]:
                await self.commits.put((int(parts[2]), float(parts[3])))

    async def _wait_listening(self):
        for _ in range(200):
            try:
                _r, w = await asyncio.open_connection("127.0.0.1", self.port)
                w.close()
                return
            except OSError:
                await asyncio.sleep(0.1)
        raise RuntimeError("server did not listen")

    async def post(self, n: int) -> tuple[int, float]:
        self.proc.stdin.write(f"post {n}\n".encode())
        self.proc.stdin.flush()
        return await asyncio.wait_for(self.commits.get(), 30)

    def rss_kb(self) -> int:
        return _rss_kb(self.proc.pid)

    def stop(self):
        try:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            self.proc.kill()
            self.proc.wait()


async def _connect_clients(url: str, room: str, count: int, inbox: dict, batch: int = 50):
    import socketio

    clients = []

    async def one(i):
        client = socketio.AsyncClient(reconnection=False)

        @client.on("event")
        async def on_event(data, i=i):
            if data.get("kind") == "answer.created":
                inbox.setdefault(data["payload"]["answer_id"], {})[i] = time.time()

        await client.connect(url, transports=["websocket"], wait_timeout=30)
        ok = await client.call("join", {"room": room}, timeout=30)
        assert ok and ok.get("ok"), ok
        clients.append(client)

    base = len(inbox.setdefault("_ids", []))
    for start in range(0, count, batch):
        await asyncio.gather(*(one(base + i) for i in range(start, min(start + batch, count))))
    inbox["_ids"].extend(range(base, base + count))
    return clients


async def _disconnect(clients):
    for start in range(0, len(clients), 100):
        await asyncio.gather(*(c.disconnect() for c in clients[start : start + 100]), return_exceptions=True)


async def _measure(poster: Server, inbox: dict, expected: set, posts: int, groups: dict | None = None):
    """Post `posts` answers; return latencies (ms) per group of client ids."""
    groups = groups or {"all": expected}
    result = {name: [] for name in groups}
    last = {name: [] for name in groups}
    missing = 0
    for n in range(1, posts + 1):
        answer_id, committed = await poster.post(n)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(inbox.get(answer_id, {})) < len(expected):
            await asyncio.sleep(0.005)
        got = inbox.pop(answer_id, {})
        missing += len(expected) - len(got)
        for name, ids in groups.items():
            times = [(got[i] - committed) * 1000 for i in ids if i in got]
            result[name].extend(times)
            if times:
                last[name].append(max(times))
        await asyncio.sleep(0.05)
    return result, last, missing


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _line(name: str, lat: list[float], last: list[float], per_conn_kb: float | None, missing: int) -> str:
    mem = f"{per_conn_kb:6.1f} KB/conn" if per_conn_kb is not None else ""
    return (
        f"{name:34} p50 {_pct(lat, 50):7.1f} ms  p99 {_pct(lat, 99):7.1f} ms  "
        f"last-client p50 {statistics.median(last) if last else float('nan'):7.1f} ms  max {max(last, default=0):7.1f} ms  "
        f"{mem}  missing {missing}"
    )


def _prepare_database(tmp: Path) -> tuple[str, int, int, str]:
    """A SQLite file with a user, a question and an example of the relayed payload."""
    from app import create_app
    from app.core.events import Event
    from app.extensions import db
    from config import TestingConfig
    from tests.factories import Factories
    from tests.qa.factories import QAFactories

    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp / "index")})
    with app.app_context():
        db.create_all()
        factories = Factories(app)
        qa = QAFactories(factories)
        asker, answerer = factories.user(), factories.user()
        question = qa.question(asker, title="Benchmark question for the realtime relay")
        sample = qa.answer(question, answerer, body="Benchmark answer number 0.")
        event = db.session.scalars(db.select(Event).where(Event.kind == "answer.created")).first()
        payload = {**event.as_dict(), "rooms": [f"question:{question.id}"]}
        payload["payload"]["answer_id"] = sample.id
        ids = (question.id, answerer.id)
        db.session.remove()
        db.engine.dispose()
    return url, ids[0], ids[1], json.dumps(payload)


def _server_env(database_url: str, tmp: Path, queue: str | None) -> dict:
    env = {
        **os.environ,
        "KITH_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-secret-key",
        "SOCKETIO_ASYNC_MODE": "gevent",
        "SEARCH_INDEX_DIR": str(tmp / "index"),
        "PYTHONUNBUFFERED": "1",
        "QA_NEW_USER_POSTS_PER_HOUR": "1000000",
    }
    env.pop("SOCKETIO_MESSAGE_QUEUE", None)
    if queue:
        env["SOCKETIO_MESSAGE_QUEUE"] = queue
    return env


async def _single(kind, args, env, room, clients, posts) -> tuple[str, list, list, float, int]:
    server = Server(kind, args, env)
    try:
        await server.start()
        await asyncio.sleep(1.0)
        before = server.rss_kb()
        inbox: dict = {}
        conns = await _connect_clients(server.url, room, clients, inbox)
        await asyncio.sleep(2.0)  # presence announcements and joins settle
        per_conn = (server.rss_kb() - before) / clients
        await server.post(0)  # warm-up post (not measured)
        await asyncio.sleep(0.5)
        inbox.clear()
        inbox["_ids"] = list(range(clients))
        lat, last, missing = await _measure(server, inbox, set(range(clients)), posts)
        await _disconnect(conns)
        return kind, lat["all"], last["all"], per_conn, missing
    finally:
        server.stop()


async def _cross(args, env, room, clients, posts):
    a, b = Server("kith", args, env), Server("kith", args, env)
    try:
        await a.start()
        await b.start()
        inbox: dict = {}
        half = clients // 2
        conns = await _connect_clients(a.url, room, half, inbox)
        conns += await _connect_clients(b.url, room, clients - half, inbox)
        await asyncio.sleep(2.0)
        await a.post(0)
        await asyncio.sleep(0.5)
        inbox.clear()
        inbox["_ids"] = list(range(clients))
        groups = {"same process": set(range(half)), "other process": set(range(half, clients))}
        lat, last, missing = await _measure(a, inbox, set(range(clients)), posts, groups)
        await _disconnect(conns)
        return lat, last, missing
    finally:
        a.stop()
        b.stop()


def _redis_ok() -> bool:
    try:
        import redis

        client = redis.Redis.from_url(REDIS_QUEUE, socket_connect_timeout=1)
        client.ping()
        client.flushdb()
        return True
    except Exception:  # noqa: BLE001
        return False


async def main(opts) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kith-bench-rt-"))
    database_url, question_id, user_id, payload_json = _prepare_database(tmp)
    room = f"question:{question_id}"
    print(
        f"# {opts.clients} clients in {room}, {opts.posts} posts each; payload {len(payload_json)} bytes; cpus {os.cpu_count()}"
    )
    env = _server_env(database_url, tmp, None)
    kith = await _single(
        "kith", ["--question", str(question_id), "--user", str(user_id)], env, room, opts.clients, opts.posts
    )
    print(_line("Kith (Flask-SocketIO, gevent)", kith[1], kith[2], kith[3], kith[4]), flush=True)
    bare = await _single(
        "bare", ["--question", str(question_id), "--payload", payload_json], env, room, opts.clients, opts.posts
    )
    print(_line("bare python-socketio (gevent)", bare[1], bare[2], bare[3], bare[4]), flush=True)
    ratio = _pct(kith[1], 99) / max(_pct(bare[1], 99), 0.001)
    print(f"{'Kith p99 / bare p99':34} {ratio:.2f}x   (aim: Kith p99 < 250 ms and within 3x)")
    if opts.no_redis:
        return
    if not _redis_ok():
        print("cross-process case skipped: Redis is not reachable on 127.0.0.1:6379")
        return
    env = _server_env(database_url, tmp, REDIS_QUEUE)
    lat, last, missing = await _cross(
        ["--question", str(question_id), "--user", str(user_id)], env, room, opts.clients, opts.posts
    )
    for name in ("same process", "other process"):
        print(
            _line(f"Redis, 2 processes: {name}", lat[name], last[name], None, missing if name == "other process" else 0)
        )
    extra = _pct(lat["other process"], 50) - _pct(lat["same process"], 50)
    extra99 = _pct(lat["other process"], 99) - _pct(lat["same process"], 99)
    print(f"{'extra delay on the other process':34} p50 {extra:+.1f} ms  p99 {extra99:+.1f} ms")


def cli(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--max-seconds", type=int, default=420)
    parser.add_argument("--serve", choices=["kith", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--question", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--user", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--payload", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.serve == "kith":
        return serve_kith(opts.port, opts.question, opts.user)
    if opts.serve == "bare":
        return serve_bare(opts.port, opts.question, opts.payload)
    signal.alarm(opts.max_seconds)  # the benchmark always stops by itself
    _raise_fd_limit()
    asyncio.run(main(opts))


def _raise_fd_limit() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


if __name__ == "__main__":
    cli()
