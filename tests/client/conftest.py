"""Fixtures for the client tests: one real HTTP server on 127.0.0.1 (uvicorn in a background thread)
for the whole session; each test installs its own ASGI app on it (``server.app = ...``), so tests use
real sockets without paying a server start per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.client.servers import LoopbackServer


@pytest.fixture(scope="session")
def _loopback() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(_loopback: LoopbackServer) -> Iterator[LoopbackServer]:
    yield _loopback
    _loopback.app = None


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests configure clients explicitly; a developer's shell must not leak in."""
    monkeypatch.delenv("AMPECO_BASE_URL", raising=False)
    monkeypatch.delenv("AMPECO_API_TOKEN", raising=False)
