"""The receiver examples, served over real HTTP on 127.0.0.1 and fed by webhooks.deliver()."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx
import pytest

from ampeco import webhooks
from ampeco_public_api.models.session_start_stop_notification import SessionStartStopNotification
from tests.support.loopback import serve
from tests.webhooks.spec_examples import SECRET

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SESSION_STARTED = {
    "notification": "session.start.stop.notification",
    "sessionId": 9001,
    "chargePointId": 12,
    "evseId": 3,
    "action": "start",
    "startedAtTimestamp": "2024-05-01T10:00:00Z",
    "meterStart": 1000,
    "meterStop": 1000,
    "lastUpdatedAt": "2024-05-01T10:00:00Z",
}


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_wsgi(app: Any) -> Iterator[str]:
    with make_server("127.0.0.1", 0, app, handler_class=_Quiet) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=10)


@contextmanager
def starlette_receiver(on_notification: Callable[[webhooks.Delivery], None]) -> Iterator[str]:
    with serve(load_example("webhooks_starlette").create_app(SECRET, on_notification)) as url:
        yield url


@contextmanager
def wsgi_receiver(on_notification: Callable[[webhooks.Delivery], None]) -> Iterator[str]:
    with serve_wsgi(load_example("webhooks_wsgi").create_app(SECRET, on_notification)) as url:
        yield url


@pytest.fixture(params=[starlette_receiver, wsgi_receiver], ids=["starlette", "wsgi"])
def receiver(request: pytest.FixtureRequest) -> Iterator[tuple[str, list[webhooks.Delivery]]]:
    received: list[webhooks.Delivery] = []
    with request.param(received.append) as url:
        yield f"{url}/ampeco/notifications", received


def test_a_signed_notification_is_accepted_and_typed(receiver: tuple[str, list[webhooks.Delivery]]) -> None:
    url, received = receiver
    response = webhooks.deliver(url, SESSION_STARTED, secret=SECRET, tenant="tenant-3")
    assert response.status_code == 202
    (delivery,) = received
    assert isinstance(delivery.notification, SessionStartStopNotification)
    assert delivery.notification.session_id == 9001
    assert delivery.tenant == "tenant-3"


def test_an_unknown_kind_is_accepted(receiver: tuple[str, list[webhooks.Delivery]]) -> None:
    url, received = receiver
    response = webhooks.deliver(url, {"notification": "vehicle.teleported", "id": 1}, secret=SECRET)
    assert response.status_code == 202
    assert isinstance(received[0].notification, webhooks.UnknownNotification)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body, headers: (body + b" ", headers),
        lambda body, headers: (body, {**headers, "X-Signature": "0" * 64}),
        lambda body, headers: (body, {k: v for k, v in headers.items() if k != "X-Signature"}),
    ],
    ids=["tampered-body", "tampered-signature", "missing-signature"],
)
def test_forged_requests_get_401(receiver: tuple[str, list[webhooks.Delivery]], tamper: Any) -> None:
    url, received = receiver
    request = webhooks.signed_request(SESSION_STARTED, secret=SECRET)
    body, headers = tamper(request.body, request.headers)
    assert httpx.post(url, content=body, headers=headers).status_code == 401
    assert received == []


def test_wrong_secret_and_stale_timestamp_get_401(receiver: tuple[str, list[webhooks.Delivery]]) -> None:
    url, received = receiver
    assert webhooks.deliver(url, SESSION_STARTED, secret="another-token").status_code == 401
    stale = datetime.now(UTC) - timedelta(hours=1)
    assert webhooks.deliver(url, SESSION_STARTED, secret=SECRET, timestamp=stale).status_code == 401
    assert received == []


def test_malformed_json_gets_400(receiver: tuple[str, list[webhooks.Delivery]]) -> None:
    url, received = receiver
    body = b'{"notification": "session.start'
    headers = {"X-Signature": webhooks.sign(body, SECRET), "X-Timestamp": datetime.now(UTC).isoformat()}
    response = httpx.post(url, content=body, headers=headers)
    assert response.status_code == 400
    assert "not valid JSON" in response.text
    assert received == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize("name", ["webhooks_starlette", "webhooks_wsgi"])
def test_the_example_runs_as_a_script(name: str) -> None:
    port = _free_port()
    env = {**os.environ, "AMPECO_API_TOKEN": SECRET}
    command = [sys.executable, str(EXAMPLES / f"{name}.py"), "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/ampeco/notifications"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = webhooks.deliver(url, SESSION_STARTED, secret=SECRET, tenant="script", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"{name} did not start:\n{output}")
                time.sleep(0.1)
        assert response.status_code == 202
        assert webhooks.deliver(url, SESSION_STARTED, secret="wrong").status_code == 401
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert "session 9001 start" in output or "session.start.stop.notification" in output
    assert SECRET not in output
