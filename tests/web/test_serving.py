"""The site as `make run` serves it (gunicorn's gevent worker via `python wsgi.py`), over real HTTP."""

import http.client
import json
import time

import pytest

from tests.web.serving import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("serving")) as url:
        yield url


def test_a_kept_alive_connection_answers_each_request_at_once(server):
    """Nagle's algorithm against the client's delayed ACK costs ~40 ms per response: 50 take > 2 s."""
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        sock = conn.sock
        start = time.perf_counter()
        for _ in range(50):
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            assert response.status == 200
            assert json.loads(response.read()) == {"status": "ok"}
        elapsed = time.perf_counter() - start
        assert conn.sock is sock, "the server closed the kept-alive connection"
    finally:
        conn.close()
    assert elapsed < 1.0, f"50 requests on one connection took {elapsed:.2f} s"


def test_socketio_connects_over_websocket(server):
    import socketio

    client = socketio.Client(reconnection=False)
    hello = []
    client.on("hello", hello.append)
    client.connect(server, transports=["websocket"], wait_timeout=10)
    try:
        assert client.transport() == "websocket"
        deadline = time.monotonic() + 10
        while not hello and time.monotonic() < deadline:
            time.sleep(0.02)
        assert hello and hello[0]["user_id"] is None
    finally:
        client.disconnect()
