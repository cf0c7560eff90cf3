"""Answer-post latency with 0 and with 5 slow webhook endpoints registered (same run).

    .venv/bin/python -m tests.bench.bench_webhooks [--posts 60] [--delay 2]

On a fresh PostgreSQL database, the event consumers and the delivery job run in background threads as they do when serving;
the receiver answers each delivery after `--delay` seconds. Posting goes through the web route
(Werkzeug test client, one request at a time). Not part of pytest; everything stops by itself.
"""

import argparse
import os
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def slow_receiver(delay: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            time.sleep(delay)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def background(app, stop: threading.Event) -> list[threading.Thread]:
    """The consumers loop and the webhooks.deliver job, as a serving process runs them."""
    from app.channels import delivery
    from app.core import events

    def loop(fn):
        while not stop.is_set():
            with app.app_context():
                fn()
            time.sleep(0.05)

    threads = [
        threading.Thread(target=loop, args=(f,), daemon=True) for f in (events.run_all_consumers, delivery.deliver_due)
    ]
    for t in threads:
        t.start()
    return threads


def measure(client, question_ids: list[int]) -> list[float]:
    """Post one answer to each question (one answer per person per question), timing each request."""
    timings = []
    for n, question_id in enumerate(question_ids):
        started = time.perf_counter()
        body = {"body": f"Answer number {n} with some words."}
        response = client.post(f"/questions/{question_id}/answers", data=body)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code in {200, 302}, response.status_code
    return timings


def fresh_postgres() -> str:
    """A new PostgreSQL database (SQLite serializes the writers this bench is about)."""
    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("KITH_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"kith_bench_webhooks_{os.getpid()}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    admin_url, name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def p99(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=60)
    parser.add_argument("--delay", type=float, default=2.0)
    args = parser.parse_args()
    os.environ["KITH_NO_CONSUMERS"] = "1"
    from app import create_app
    from app.channels import webhooks
    from app.extensions import db
    from config import TestingConfig
    from tests.factories import Factories
    from tests.qa.factories import QAFactories

    path = tempfile.mkdtemp()
    url = fresh_postgres()
    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": f"{path}/idx",
         "WEBHOOK_ALLOW_PRIVATE": True, "QA_NEW_USER_POSTS_PER_HOUR": 10_000, "RATELIMIT_ENABLED": False, "WEBHOOK_TIMEOUT_SECONDS": 10},
    )  # fmt: skip
    with app.app_context(), app.test_request_context():
        db.create_all()
        factories = Factories(app)
        admin, poster = factories.user(role="admin"), factories.user()
        qa = QAFactories(factories)
        ids = [qa.question(title=f"Where do webhook deliveries go, case {n}?").id for n in range(5 + 2 * args.posts)]
        client = app.test_client()
        client.post("/auth/login", data={"login": poster.email, "password": "correct horse battery"})
        stop = threading.Event()
        threads = background(app, stop)
        results = {}
        try:
            measure(client, ids[:5])  # warm up
            results["0 endpoints"] = measure(client, ids[5 : 5 + args.posts])
            receiver = slow_receiver(args.delay)
            for n in range(5):
                webhooks.create_endpoint(admin, url=f"http://127.0.0.1:{receiver.server_port}/hook/{n}")
            results["5 slow endpoints"] = measure(client, ids[5 + args.posts :])
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=30)
        db.session.remove()
        db.engine.dispose()
        drop_postgres(url)
        base = statistics.median(results["0 endpoints"])
        for name, values in results.items():
            median = statistics.median(values)
            print(f"{name:>17}: median {median:6.1f} ms  p99 {p99(values):6.1f} ms  ({median / base:.2f}x)")


if __name__ == "__main__":
    main()
