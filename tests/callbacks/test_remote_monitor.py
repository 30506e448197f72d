"""RemoteMonitor: the POSTs it sends, checked against a small local HTTP server."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator

import numpy as np
import pytest

import lamina
from lamina.callbacks import RemoteMonitor
from tests.conftest import BACKEND

RNG = np.random.default_rng(0)
needs_training = pytest.mark.skipif(
    BACKEND not in ("torch", "jax"), reason="numpy backend is inference-only"
)


class _Server(http.server.ThreadingHTTPServer):
    def __init__(self, status: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status = status
        self.requests: list[dict] = []

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (the name http.server looks up)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "body": body.decode()}
        )
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # Quiet.


@pytest.fixture
def server(request, monkeypatch) -> Iterator[_Server]:
    monkeypatch.setenv("no_proxy", "*")  # A proxy in the environment must not get these.
    instance = _Server(getattr(request, "param", 200))
    thread = threading.Thread(target=instance.serve_forever, daemon=True)
    thread.start()
    yield instance
    instance.shutdown()
    instance.server_close()
    thread.join(timeout=5)


def _form_event(request: dict, field: str = "data") -> dict:
    return json.loads(urllib.parse.parse_qs(request["body"])[field][0])


def test_posts_the_epoch_as_a_form_field(server):
    monitor = RemoteMonitor(root=server.root, headers={"X-Run": "7"})
    monitor.on_epoch_end(3, {"loss": 0.5, "per_class": np.array([1.0, 2.0])})
    (request,) = server.requests
    assert request["path"] == "/publish/epoch/end/"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert request["headers"]["X-Run"] == "7"
    assert _form_event(request) == {"epoch": 3, "loss": 0.5, "per_class": [1.0, 2.0]}


def test_send_as_json_posts_a_json_body(server):
    monitor = RemoteMonitor(root=server.root, path="/runs", field="ignored", send_as_json=True)
    monitor.on_epoch_end(0, {"loss": np.float32(0.25)})
    (request,) = server.requests
    assert request["path"] == "/runs"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"]) == {"epoch": 0, "loss": 0.25}


def test_custom_field_name(server):
    RemoteMonitor(root=server.root, field="event").on_epoch_end(1, {"loss": 1.0})
    assert _form_event(server.requests[0], "event") == {"epoch": 1, "loss": 1.0}


@pytest.mark.parametrize("server", [500], indirect=True)
def test_an_error_answer_warns_and_training_goes_on(server):
    with pytest.warns(UserWarning, match=r"RemoteMonitor: the server at .* answered 500"):
        RemoteMonitor(root=server.root).on_epoch_end(0, {"loss": 1.0})


def test_an_unreachable_server_warns():
    with socket.socket() as sock:  # A port just freed: nothing listens there.
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.warns(UserWarning, match=r"RemoteMonitor: could not reach the server"):
        RemoteMonitor(root=f"http://127.0.0.1:{port}").on_epoch_end(0, {"loss": 1.0})


@needs_training
def test_fit_posts_every_epoch(server):
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = RNG.normal(size=(4, 3)).astype("float32")
    monitor = RemoteMonitor(root=server.root, send_as_json=True)
    history = model.fit(x, x[:, :1], epochs=2, verbose=0, callbacks=[monitor])
    events = [json.loads(request["body"]) for request in server.requests]
    assert events == [
        {"epoch": epoch, "loss": loss} for epoch, loss in enumerate(history.history["loss"])
    ]


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"`root` must be an http:// or https:// address"):
        RemoteMonitor(root="localhost:9000")
    with pytest.raises(TypeError, match=r"`headers` must be a dict or None, received list"):
        RemoteMonitor(headers=[("a", "b")])
