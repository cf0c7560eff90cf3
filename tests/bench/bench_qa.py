"""Q&A benchmark: the question page (50 answers, 100 comments) against a bare Flask "hello" view.

    .venv/bin/python -m tests.bench.bench_qa [--seconds 5] [--http]

Both are served the same way in the same run:
  * default: the WSGI app called in-process through Werkzeug's test client, one request at a time;
  * --http: each app behind a gevent WSGIServer in a subprocess on 127.0.0.1, requests from
    8 client threads (keep-alive sessions).
Also times rendering + sanitizing a 5 KB Markdown answer (median of 200 runs).
Not part of pytest; everything stops by itself.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MARKDOWN_5K = (
    "## Fixing the webhook signature\n\nYou need the **raw body** and the `sha256=` prefix removed. "
    "See [the docs](https://example.com/docs/webhooks) and <https://example.com/faq>.\n\n"
    "1. Read the body bytes\n2. Compute the HMAC\n3. Compare with `hmac.compare_digest`\n\n"
    "```python\nimport hmac, hashlib\n\ndef verify(secret, body, header):\n"
    "    digest = hmac.new(secret, body, hashlib.sha256).hexdigest()\n"
    "    return hmac.compare_digest(digest, header.removeprefix('sha256='))\n```\n\n"
    "| step | what | why |\n|---|---|---|\n| 1 | raw body | key order |\n| 2 | prefix | header format |\n\n"
    "> Tip: log the *computed* and *received* values while debugging, never the secret.\n\n"
    "- item with <b>html</b> that gets escaped\n- ![diagram](https://example.com/d.png)\n\n"
)


def markdown_sample() -> str:
    text = ""
    while len(text) < 5 * 1024:
        text += MARKDOWN_5K
    return text[: 5 * 1024]


def build_app(db_path: str):
    """A Kith app on a fresh SQLite file with one thread of 50 answers and 100 comments."""
    os.environ["KITH_NO_CONSUMERS"] = "1"
    from app import create_app
    from config import TestingConfig

    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "RATELIMIT_ENABLED": False, "TESTING": False},
    )
    from app.auth import services as auth
    from app.extensions import db
    from app.qa import services, spaces, voting

    with app.app_context():
        db.create_all()
        users = [
            auth.register_user(
                email=f"b{i}@example.com", username=f"bench{i}", password="bench password", role="moderator"
            )  # fmt: skip
            for i in range(6)
        ]
        space = spaces.create_space(None, name="Bench", from_cli=True)
        q = services.ask_question(users[0], title="Benchmark question with a long thread", body=markdown_sample(),
                                  space=space, tags=["bench", "perf"])  # fmt: skip
        answers = [services.post_answer(users[1 + i % 5], q, body=markdown_sample()[:1500]) for i in range(50)]
        posts = [q, *answers]
        for i in range(100):
            services.add_comment(users[1 + i % 5], posts[i % len(posts)].post_type, posts[i % len(posts)].id,
                                 body=f"Comment number {i} with `code`")  # fmt: skip
        voting.accept_answer(users[0], answers[10])
        url = f"/questions/{q.id}/{q.slug}"
    return app, url


def hello_app():
    from flask import Flask

    app = Flask("hello")

    @app.get("/")
    def hello():
        return "hello"

    return app


def rps_in_process(app, url: str, seconds: float) -> float:
    client = app.test_client()
    assert client.get(url).status_code == 200
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        client.get(url).close()
        count += 1
    return count / (time.perf_counter() - start)


# --- --http: gevent servers in subprocesses ----------------------------------------------


def serve(kind: str, db_path: str, port: int) -> None:
    from gevent import monkey

    monkey.patch_all()
    from gevent.pywsgi import WSGIServer

    if kind == "kith":
        os.environ["KITH_NO_CONSUMERS"] = "1"
        from app import create_app
        from config import TestingConfig

        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
                                         "RATELIMIT_ENABLED": False, "TESTING": False})  # fmt: skip
    else:
        app = hello_app()
    WSGIServer(("127.0.0.1", port), app, log=None).serve_forever()


def rps_http(base: str, url: str, seconds: float, threads: int = 8) -> float:
    import requests

    counts = [0] * threads
    stop = time.perf_counter() + seconds

    def worker(n):
        with requests.Session() as session:
            while time.perf_counter() < stop:
                session.get(base + url, timeout=10).raise_for_status()
                counts[n] += 1

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=seconds + 30)
    return sum(counts) / (time.perf_counter() - start)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(kind: str, db_path: str):
    import requests

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.bench.bench_qa", "--serve", kind, "--db", db_path,
                             "--port", str(port)], cwd=ROOT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/", timeout=1)
            return proc, base
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{kind} server did not start")


def markdown_timing(runs: int = 200) -> float:
    from app.core.sanitize import render_markdown

    text = markdown_sample()
    render_markdown(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_markdown(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--http", action="store_true", help="serve both apps with gevent and send HTTP requests")
    parser.add_argument("--serve", choices=["kith", "hello"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.db, args.port)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "bench.sqlite3")
        app, url = build_app(db_path)
        if args.http:
            results = {}
            for kind, path in (("hello", "/"), ("kith", url)):
                proc, base = _start(kind, db_path)
                try:
                    rps_http(base, path, 1.0)  # warm-up
                    results[kind] = rps_http(base, path, args.seconds)
                finally:
                    proc.terminate()
                    proc.wait(timeout=10)
            method = "gevent WSGIServer, 8 keep-alive client threads"
        else:
            with app.app_context():
                results = {"hello": rps_in_process(hello_app(), "/", args.seconds),
                           "kith": rps_in_process(app, url, args.seconds)}  # fmt: skip
            method = "in-process Werkzeug test client, sequential"
        with app.app_context():
            md_ms = markdown_timing()
    ratio = results["kith"] / results["hello"]
    print(f"method: {method}")
    print(f"bare Flask hello view:               {results['hello']:9.1f} requests/s")
    print(f"question page (50 answers, 100 comments): {results['kith']:9.1f} requests/s  ({ratio:.1%} of bare)")
    print(f"render + sanitize a 5 KB Markdown answer: {md_ms:.2f} ms (median of 200)")


if __name__ == "__main__":
    main()
