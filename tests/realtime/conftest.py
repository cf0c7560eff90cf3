"""Socket fixtures: a Socket.IO test client riding on a (possibly signed-in) Flask test client."""

import pytest

from app.extensions import socketio
from tests.qa.factories import QAFactories


@pytest.fixture
def qa(factories) -> QAFactories:
    return QAFactories(factories)


@pytest.fixture
def sio_for(app, client_for):
    """sio_for(user=None): a connected Socket.IO test client with that user's session."""
    made = []

    def _connect(user=None, **kw):
        client = socketio.test_client(app, flask_test_client=client_for(user), **kw)
        made.append(client)
        client.get_received()  # drop "hello"
        return client

    yield _connect
    for client in made:
        if client.is_connected():
            client.disconnect()


def named(client, name: str) -> list:
    """The payloads of every received `name` event (and forget everything received)."""
    return [msg["args"][0] for msg in client.get_received() if msg["name"] == name]


def join(client, room: str) -> dict:
    return client.emit("join", {"room": room}, callback=True)
