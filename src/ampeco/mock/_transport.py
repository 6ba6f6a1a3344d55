"""httpx transports that deliver requests to a tenant in process, for sync and async clients.

httpx ships only an async ASGI transport; the sync one runs it on a private event loop thread, so a
sync ``ampeco.Client`` talks to the same ASGI app without sockets. Like a socket, it gives up after the
request's read timeout (``httpx.ReadTimeout``) instead of waiting for a slow answer: a latency fault
longer than the client's timeout times out as it would against a real server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

import httpx


def async_transport(app: Any) -> httpx.ASGITransport:
    """For ``httpx.AsyncClient`` / ``ampeco.AsyncClient``."""
    return httpx.ASGITransport(app=app)


class SyncASGITransport(httpx.BaseTransport):
    """For ``httpx.Client`` / ``ampeco.Client``: each request runs on a background event loop."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="ampeco-mock-transport", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()
        forwarded = httpx.Request(request.method, request.url, headers=request.headers, content=content)

        async def send() -> httpx.Response:
            response = await self._inner.handle_async_request(forwarded)
            body = await response.aread()
            # A stream, not content=: httpx then closes it through the client and sets .elapsed.
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=httpx.ByteStream(body),
                request=request,
                extensions=response.extensions,
            )

        future = asyncio.run_coroutine_threadsafe(send(), self._ensure_loop())
        timeout = _read_timeout(request)
        finished, _ = concurrent.futures.wait([future], timeout=timeout)
        if not finished:
            future.cancel()
            raise httpx.ReadTimeout(
                f"the mock tenant did not answer within the read timeout of {timeout:g} s", request=request
            )
        return future.result()

    def close(self) -> None:
        """Stop the event loop thread (a later request starts a new one)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            loop.close()


def _read_timeout(request: httpx.Request) -> float | None:
    """The read timeout httpx put on the request (seconds; ``None``: wait as long as it takes)."""
    timeouts = request.extensions.get("timeout")
    value = timeouts.get("read") if isinstance(timeouts, dict) else None
    return float(value) if isinstance(value, int | float) else None
