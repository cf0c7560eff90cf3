"""Responses are compressed when the client accepts it: HTML, CSS, JS and JSON; never Socket.IO twice."""

import gzip
import json

import brotli
import pytest

from tests.qa.factories import QAFactories


@pytest.fixture
def question(factories):
    qa = QAFactories(factories)
    author = factories.user()
    question = qa.question(author, title="Does the page arrive compressed?", body="A body. " * 100)
    for n in range(5):
        qa.answer(question, factories.user(), body=f"Answer {n}: " + "words " * 80)
    return question


def _decode(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    data = response.get_data()
    return {"gzip": gzip.decompress, "br": brotli.decompress, None: lambda d: d}[encoding](data)


def test_a_question_page_is_gzipped_for_a_gzip_client(client, question):
    plain = client.get(f"/questions/{question.id}/{question.slug}")
    packed = client.get(f"/questions/{question.id}/{question.slug}", headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    html = _decode(packed).decode()
    assert "Does the page arrive compressed?" in html and "Answer 4:" in html
    assert len(packed.get_data()) < len(plain.get_data()) / 3
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())


def test_brotli_is_preferred_when_accepted(client, question):
    response = client.get(f"/questions/{question.id}/{question.slug}", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert "Answer 4:" in _decode(response).decode()


def test_api_json_is_compressed(client, question):
    response = client.get(f"/api/v1/questions/{question.id}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(_decode(response))["title"] == "Does the page arrive compressed?"


def test_a_tiny_response_is_left_alone(client):
    response = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/static/css/kith.css", "/static/js/realtime.js"])
def test_static_css_and_js_are_compressed_with_their_own_etag(client, path):
    with client.get(path) as plain, client.get(path, headers={"Accept-Encoding": "br"}) as packed:
        assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "br"
        assert _decode(packed) == plain.get_data()
        # each representation has its own validator; revalidating the compressed one answers 304
        assert packed.headers["ETag"] != plain.headers["ETag"]
        headers = {"Accept-Encoding": "br", "If-None-Match": packed.headers["ETag"]}
    with client.get(path, headers=headers) as again:
        assert again.status_code == 304 and again.get_data() == b""


def test_socketio_polling_is_not_compressed_by_the_site(client):
    """Engine.IO answers /socket.io itself; its packets arrive readable (decoded once at most)."""
    with client.get("/socket.io/?EIO=4&transport=polling", headers={"Accept-Encoding": "gzip, br"}) as response:
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") in (None, "gzip")  # Engine.IO's own, if any
        packet = _decode(response).decode()
    assert packet.startswith("0{") and '"sid"' in packet
