"""Start the real server (`python wsgi.py`: gunicorn's gevent worker) on a fresh SQLite file."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(folder: Path, fill=None) -> str:
    """Create the schema in a new SQLite file (and let `fill(app)` add rows); return its URL."""
    from app import create_app
    from app.extensions import db
    from config import TestingConfig

    url = "sqlite:///" + str(folder / "kith.sqlite3")
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(folder / "idx")})
    with app.app_context():
        db.create_all()
        if fill is not None:
            fill(app)
        db.session.remove()
        db.engine.dispose()
    return url


def wait_until_up(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {log_path.read_text()[-3000:]}")
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{url} did not come up: {log_path.read_text()[-3000:]}")


def fill_backlog(app, questions: int = 100) -> None:
    """A thread-rich site whose events no consumer has seen yet (a fresh `make run` after demo load)."""
    from app.auth import services as auth
    from app.qa import services, spaces

    users = [auth.register_user(email=f"s{i}@example.com", username=f"serve{i}", password="serving pass 1",
                                role="moderator")
             for i in range(3)]  # fmt: skip
    space = spaces.create_space(None, name="Serving", from_cli=True)
    for n in range(questions):
        question = services.ask_question(users[0], title=f"Start-up question number {n}", body="Why **slow**?",
                                         space=space, tags=["startup"])  # fmt: skip
        for user in users[1:]:
            services.post_answer(user, question, body=f"Answer to {n}: the consumers catch up.")


@contextmanager
def running_server(folder: Path, fill=None, env: dict | None = None):
    """Yield the base URL of a server started as `make run` starts it; stop it afterwards."""
    database_url = create_database(folder, fill)
    port = free_port()
    environment = {
        **os.environ,
        "KITH_ENV": "development",
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(folder / "idx"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **(env or {}),
    }
    for name in ("REDIS_URL", "SOCKETIO_MESSAGE_QUEUE", "KITH_NO_CONSUMERS"):
        environment.pop(name, None)
    log_path = folder / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=environment, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc, log_path)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
