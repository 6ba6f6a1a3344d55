"""A real HTTP server on 127.0.0.1 for tests: uvicorn in a background thread, stopped on exit."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn


@dataclass
class RunningServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=timeout)


def start(app: Any, *, startup_timeout: float = 10.0) -> RunningServer:
    """Serve an ASGI ``app`` on a free loopback port until ``stop()``."""
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on such sockets (else ~40 ms per request).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="loopback", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("loopback server did not start")
        time.sleep(0.005)
    return RunningServer(url, server, thread)


@contextmanager
def serve(app: Any, *, startup_timeout: float = 10.0) -> Iterator[str]:
    """Serve an ASGI ``app`` on a free loopback port; yields its base URL."""
    running = start(app, startup_timeout=startup_timeout)
    try:
        yield running.url
    finally:
        running.stop()
