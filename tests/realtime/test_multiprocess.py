"""Two real server processes (wsgi.py on gevent) share events through Redis: an answer posted
through process A reaches a Socket.IO client connected to process B, exactly once."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.auth import services as auth_services
from tests.conftest import need_service
from tests.qa.factories import QAFactories

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_QUEUE = "redis://127.0.0.1:6379/15"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_redis():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_QUEUE, socket_connect_timeout=1)
        client.ping()
        client.flushdb()
    except Exception as exc:  # noqa: BLE001
        need_service("Redis", f"start redis-server on 127.0.0.1:6379 ({exc.__class__.__name__})")


def _wait_up(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 30) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {log_path.read_text()[-2000:]}")
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


@pytest.fixture
def two_servers(app, database_url, tmp_path):
    _need_redis()
    procs, urls, logs = [], [], []
    for name in ("a", "b"):
        port = _free_port()
        env = {
            **os.environ,
            "KITH_ENV": "development",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "multi-process-test-secret",
            "SOCKETIO_ASYNC_MODE": "gevent",
            "SOCKETIO_MESSAGE_QUEUE": REDIS_QUEUE,
            "SEARCH_INDEX_DIR": str(tmp_path / f"index-{name}"),
            "PORT": str(port),
            "EVENT_POLL_SECONDS": "0.2",
        }
        env.pop("REDIS_URL", None)
        log = open(tmp_path / f"server-{name}.log", "wb")  # noqa: SIM115  (closed in teardown)
        logs.append(log)
        procs.append(subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env, stdout=log, stderr=log))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for name, url, proc in zip("ab", urls, procs, strict=True):
            _wait_up(url, proc, tmp_path / f"server-{name}.log")
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in logs:
            log.close()


def _listener(url: str, room: str):
    import socketio

    received, lock = [], threading.Lock()
    client = socketio.Client(reconnection=False)
    client.presence = {}

    @client.on("event")
    def _on_event(data):
        with lock:
            received.append(data)

    @client.on("presence")
    def _on_presence(data):
        client.presence[data["process"]] = data["count"]

    client.connect(url, transports=["websocket"], wait_timeout=10)
    assert client.call("join", {"room": room}, timeout=10) == {"ok": True, "room": room}
    return client, received


def test_an_answer_posted_on_one_process_reaches_clients_on_the_other(app, factories, two_servers):
    import requests

    qa = QAFactories(factories)
    author = factories.user()
    question = qa.question(author, title="Does the relay cross processes?")
    token, _row = auth_services.issue_api_token(factories.user())
    url_a, url_b = two_servers
    room = f"question:{question.id}"
    client_a, got_a = _listener(url_a, room)
    client_b, got_b = _listener(url_b, room)
    try:
        time.sleep(1.0)  # let the consumers pass the question's own events
        got_a.clear(), got_b.clear()
        response = requests.post(
            f"{url_a}/api/v1/questions/{question.id}/answers",
            json={"body": "Yes: through Redis."},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        answer_id = response.json()["id"]

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (got_a and got_b):
            time.sleep(0.05)
        time.sleep(1.5)  # any duplicate delivery (consumers running twice) would arrive by now
        for got in (got_a, got_b):
            created = [e for e in got if e["kind"] == "answer.created"]
            assert len(created) == 1, got
            assert created[0]["payload"]["answer_id"] == answer_id
        # "N people viewing" adds up the viewers of both processes (each re-announces every 10 s)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(sum(c.presence.values()) != 2 for c in (client_a, client_b)):
            time.sleep(0.1)
        for client in (client_a, client_b):
            assert sum(client.presence.values()) == 2, client.presence
    finally:
        client_a.disconnect()
        client_b.disconnect()
