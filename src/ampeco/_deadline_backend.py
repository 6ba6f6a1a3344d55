"""httpcore's network layer made to honour the attempt deadline of :mod:`ampeco._deadline`.

Every socket read, write, connect and TLS handshake made during an attempt gets at most the time that
remains of the attempt's budget, and fails with httpcore's own timeout error once none is left.
Imported when a connection pool is built (httpcore is not needed to import ``ampeco``).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ampeco._deadline import current_deadline

__all__ = ["DeadlineBackend", "enforce_deadlines", "enforce_deadlines_on_client"]


def _clamp(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    """``timeout`` shortened to what remains of the current attempt (unchanged outside an attempt)."""
    deadline = current_deadline()
    if deadline is None:
        return timeout
    remaining = deadline.remaining()
    if remaining <= 0:  # never hand 0 to a socket: that means non-blocking, not "expired"
        raise error(deadline.message())
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    __slots__ = ("_inner",)

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a sync network backend so its streams honour the current attempt's deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(
            host,
            port,
            timeout=_clamp(timeout, httpcore.ConnectTimeout),
            local_address=local_address,
            socket_options=socket_options,
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_unix_socket(
            path, timeout=_clamp(timeout, httpcore.ConnectTimeout), socket_options=socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def enforce_deadlines(transport: httpx.BaseTransport) -> bool:
    """Make an ``httpx.HTTPTransport`` honour attempt deadlines; ``False`` for any other transport.

    httpx offers no public hook for httpcore's network backend, so this wraps the backend of the
    transport's connection pool (plain, HTTP proxy and SOCKS proxy pools alike). Connections opened
    afterwards are covered; tests pin this against the installed httpx/httpcore.
    """
    if not isinstance(transport, httpx.HTTPTransport):
        return False
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not isinstance(backend, httpcore.NetworkBackend):
        raise RuntimeError(
            "this httpx/httpcore release does not expose the connection pool's network backend; "
            "ampeco cannot enforce its total timeout on sync requests"
        )
    if not isinstance(backend, DeadlineBackend):
        pool._network_backend = DeadlineBackend(backend)
    return True


def enforce_deadlines_on_client(client: httpx.Client) -> bool:
    """:func:`enforce_deadlines` on every transport of a caller's ``httpx.Client`` (its default one and
    its proxy mounts); ``True`` when all of them honour deadlines."""
    transports: list[httpx.BaseTransport] = [client._transport]
    transports += [t for t in client._mounts.values() if t is not None]
    covered = [enforce_deadlines(t) for t in transports]
    return all(covered)
