"""HTTP benchmark with wrk: Kith as `make run` serves it against a bare Flask hello, same server, same run.

    .venv/bin/python -m tests.bench.bench_http [--seconds 5] [--only ROW]

Every server is gunicorn with gunicorn.conf.py (the gevent WebSocket worker, as `make run`);
the "pywsgi" rows serve the same hello with gevent's WSGIServer as `make run` did before
(socketio.run, no TCP_NODELAY). Needs Debian's `wrk` (installed with apt-get when run as root).
Not part of pytest; every server stops by itself.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS: list[tuple[str, str, str]] = []  # (row, figure, baseline / ratio)


def ensure_wrk() -> str:
    """Return the wrk executable, installing Debian's package when running as root."""
    found = shutil.which("wrk")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if found is None:
        sys.exit("bench_http needs wrk: apt-get install wrk")
    return found


def wrk(url: str, connections: int, seconds: float, headers: dict | None = None) -> dict:
    """Run wrk against `url`; return requests/s and the p50 / p99 latency in ms."""
    args = [
        ensure_wrk(),
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return {"rps": rps, "p50": _latency(out, "50%"), "p99": _latency(out, "99%")}


def _latency(out: str, pct: str) -> float:
    value, unit = re.search(rf"^\s+{re.escape(pct)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc, timeout: float = 90) -> float:
    """Poll until `url` answers; return the seconds it took."""
    import requests

    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode})")
        try:
            requests.get(url, timeout=1)
            return time.perf_counter() - start
        except requests.RequestException:
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def serving(command: list[str], env: dict | None = None, probe: str = "/"):
    """Run a server command on a free port (HOST/PORT in its environment); yield its base URL."""
    port = free_port()
    environment = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "warning", **(env or {})}
    proc = subprocess.Popen(command, cwd=ROOT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base + probe, proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def gunicorn(module: str) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", module]


def row(name: str, figure: str, baseline: str) -> None:
    ROWS.append((name, figure, baseline))
    print(f"  {name}: {figure}  |  {baseline}", flush=True)


def fmt(r: dict) -> str:
    return f"{r['rps']:,.0f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms"


# --- rows -----------------------------------------------------------------------------------


def bench_keepalive(seconds: float) -> dict:
    """A small response on kept-alive connections: the make-run server against the old pywsgi one."""
    pywsgi = [sys.executable, "-m", "tests.bench.bench_http", "--serve-pywsgi"]
    results = {}
    for label, command in (("gunicorn", gunicorn("tests.bench.hello_app:app")), ("pywsgi", pywsgi)):
        with serving(command) as base:
            wrk(base + "/", 4, 1)  # warm-up
            results[label] = {c: wrk(base + "/", c, seconds) for c in (1, 16)}
    hello = results["gunicorn"]
    for c in (1, 16):
        old = results["pywsgi"][c]
        row(f"hello, {c} kept-alive connection(s), make run (gunicorn gevent)", fmt(hello[c]),
            f"before (pywsgi, no TCP_NODELAY): {fmt(old)}; {hello[c]['rps'] / old['rps']:.0f}x")  # fmt: skip
    return hello


@contextmanager
def kith_thread_server(tmp: str, env: dict | None = None):
    """`make run`'s server on a SQLite file holding one question with 50 answers and 100 comments."""
    from tests.bench.bench_qa import build_app

    folder = Path(tempfile.mkdtemp(dir=tmp))
    db_path = str(folder / "thread.sqlite3")
    _app, url = build_app(db_path)
    env = {"DATABASE_URL": f"sqlite:///{db_path}", "SEARCH_INDEX_DIR": str(folder / "idx"),
           "KITH_ENV": "development", "KITH_NO_CONSUMERS": "1", **(env or {})}  # fmt: skip
    with serving([sys.executable, "wsgi.py"], env, probe="/healthz") as base:
        yield base, url


def signed_in_cookie(base: str) -> str:
    """Sign in as a bench user through the real form; return the Cookie header."""
    import requests

    with requests.Session() as session:
        session.get(base + "/auth/login").raise_for_status()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(base + "/auth/login").text)
        data = {"login": "b1@example.com", "password": "bench password"}
        if token:
            data["csrf_token"] = token.group(1)
        response = session.post(base + "/auth/login", data=data, allow_redirects=False)
        assert response.status_code == 302, response.text[:300]
        return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def bench_compression(base: str, url: str, seconds: float) -> None:
    """The question page's bytes and throughput with and without compression."""
    import requests

    sizes = {}
    for encoding in ("identity", "gzip", "br"):
        response = requests.get(base + url, headers={"Accept-Encoding": encoding}, stream=True, timeout=30)
        sizes[encoding] = len(response.raw.read())
        assert response.headers.get("Content-Encoding", "identity") == encoding, response.headers
    plain = wrk(base + url, 16, seconds, {"Accept-Encoding": "identity"})
    packed = wrk(base + url, 16, seconds, {"Accept-Encoding": "gzip"})
    row("question page bytes (50 answers, 100 comments)",
        f"gzip {sizes['gzip'] / 1024:.0f} KB, br {sizes['br'] / 1024:.0f} KB",
        f"uncompressed {sizes['identity'] / 1024:.0f} KB ({sizes['identity'] / sizes['br']:.1f}x br)")  # fmt: skip
    row("question page with gzip, 16 connections", fmt(packed),
        f"uncompressed {fmt(plain)}: {packed['rps'] / plain['rps']:.0%}")  # fmt: skip


def bench_thread_page(base: str, url: str, seconds: float, tmp: str) -> None:
    """The question page against the bare hello under the same server, 16 connections."""
    with serving(gunicorn("tests.bench.hello_app:app")) as hello_base:
        wrk(hello_base + "/", 16, 1)
        hello = wrk(hello_base + "/", 16, seconds)
    cookie = signed_in_cookie(base)
    wrk(base + url, 16, 1)
    anonymous = wrk(base + url, 16, seconds)
    signed_in = wrk(base + url, 16, seconds, {"Cookie": cookie})
    with kith_thread_server(tmp, {"PAGE_CACHE_ENABLED": "false"}) as (uncached_base, uncached_url):
        wrk(uncached_base + uncached_url, 16, 1)
        uncached = wrk(uncached_base + uncached_url, 16, seconds)
    row("bare hello, 16 connections (baseline)", fmt(hello), "gunicorn gevent worker, same settings")
    row("question page (50 answers, 100 comments), anonymous, 16 connections", fmt(anonymous),
        f"{anonymous['rps'] / hello['rps']:.1%} of hello (aim >= 25%, p99 <= 50 ms)")  # fmt: skip
    row("question page, anonymous, page cache off (before)", fmt(uncached),
        f"{uncached['rps'] / hello['rps']:.1%} of hello")  # fmt: skip
    row("question page, signed in (moderator), 16 connections", fmt(signed_in),
        f"{signed_in['rps'] / hello['rps']:.1%} of hello (aim >= 10%)")  # fmt: skip


FIRST_PATHS = ("/", "/questions", "/questions/1", "/search?q=startup", "/questions?page=2")


def _timed_get(url: str) -> float:
    import requests

    start = time.perf_counter()
    requests.get(url, timeout=60).raise_for_status()
    return (time.perf_counter() - start) * 1000


def _search_backlog(folder: Path) -> int:
    import sqlite3

    with sqlite3.connect(folder / "kith.sqlite3") as conn:
        newest = conn.execute("SELECT max(id) FROM event").fetchone()[0]
        row = conn.execute("SELECT last_event_id FROM consumer_cursor WHERE name = 'search'").fetchone()
    return newest - (row[0] if row else 0)


def bench_first_request(tmp: str) -> None:
    """Start `python wsgi.py` on a site with a 300-event backlog and no search index; time the first pages."""
    from tests.web.serving import create_database, fill_backlog

    folder = Path(tmp) / "first"
    folder.mkdir()
    env = {"DATABASE_URL": create_database(folder, fill_backlog), "SEARCH_INDEX_DIR": str(folder / "idx"),
           "KITH_ENV": "development"}  # fmt: skip
    start = time.perf_counter()
    with serving([sys.executable, "wsgi.py"], env, probe="/healthz") as base:
        up = time.perf_counter() - start
        first = [_timed_get(base + path) for path in FIRST_PATHS]
        backlog = _search_backlog(folder)
        deadline = time.monotonic() + 300
        while _search_backlog(folder) and time.monotonic() < deadline:
            time.sleep(0.2)
        later = [_timed_get(base + path) for path in FIRST_PATHS]
    row("first 5 pages after start (backlog of 300 events, no search index)",
        f"slowest {max(first):.0f} ms, median {sorted(first)[2]:.0f} ms ({backlog} events still queued; "
        f"listening {up:.1f} s after launch)",
        f"the same pages once caught up: slowest {max(later):.0f} ms, median {sorted(later)[2]:.0f} ms")  # fmt: skip


def serve_pywsgi() -> None:
    from gevent import monkey

    monkey.patch_all()
    from gevent.pywsgi import WSGIServer

    from tests.bench.hello_app import app

    WSGIServer(("127.0.0.1", int(os.environ["PORT"])), app, log=None).serve_forever()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--only", help="run only the rows whose name contains this")
    parser.add_argument("--serve-pywsgi", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_pywsgi:
        serve_pywsgi()
        return
    ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.only or args.only in "keepalive":
            bench_keepalive(args.seconds)
        if not args.only or args.only in "first":
            bench_first_request(tmp)
        if not args.only or args.only in "compression thread":
            with kith_thread_server(tmp) as (base, url):
                if not args.only or args.only in "compression":
                    bench_compression(base, url, args.seconds)
                if not args.only or args.only in "thread":
                    bench_thread_page(base, url, args.seconds, tmp)
    print("\n| row | Kith | baseline in the same run |\n|---|---|---|")
    for name, figure, baseline in ROWS:
        print(f"| {name} | {figure} | {baseline} |")


if __name__ == "__main__":
    main()
