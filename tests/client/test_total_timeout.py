"""The total timeout bounds a whole attempt, headers included, for the sync and the async client alike.

A raw loopback server dribbles one header byte every 50 ms: every single socket read succeeds well
within any per-read timeout, so only a deadline over the whole attempt stops it.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

import ampeco
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read
from tests.client.servers import TOKEN
from tests.support.raw_server import raw_server, read_request_head

TOTAL = 0.8
# Past this the deadline was not enforced (the server gives up dribbling after DRIBBLE_FOR seconds).
DRIBBLE_FOR = 6.0
LATE = TOTAL + 1.5
VENDOR_BODY = b'{"data": {"id": 7, "name": "ACME"}}'


def dribble_headers(conn: socket.socket, *, finish_after: float = DRIBBLE_FOR) -> None:
    """Send the status line, then a header one byte at a time; after ``finish_after`` seconds end the
    headers and send a valid body (so a client without a deadline sees a slow success, not an error)."""
    read_request_head(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ")
    started = time.monotonic()
    while time.monotonic() - started < finish_after:
        conn.sendall(b"a")
        time.sleep(0.05)
    conn.sendall(b"\r\nContent-Length: %d\r\n\r\n%s" % (len(VENDOR_BODY), VENDOR_BODY))


def dribble_body(conn: socket.socket) -> None:
    read_request_head(conn)
    body = b'{"data": {"id": 7, "name": "' + b"x" * 200 + b'"}}'
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    for byte in body:
        conn.sendall(bytes([byte]))
        time.sleep(0.05)


@pytest.fixture
def dribbling() -> Iterator[str]:
    with raw_server(dribble_headers) as url:
        yield url


def _timed_sync(client: ampeco.Client) -> tuple[float, BaseException]:
    started = time.monotonic()
    with pytest.raises(ampeco.APITimeoutError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    return time.monotonic() - started, info.value


def test_sync_client_stops_a_server_dribbling_headers(dribbling: str) -> None:
    with ampeco.Client(dribbling, token=TOKEN, timeout=TOTAL, max_retries=0) as client:
        elapsed, error = _timed_sync(client)
    assert TOTAL * 0.9 <= elapsed < LATE
    assert "timed out" in str(error)
    assert error.operation == "charge_point_vendor_read"  # type: ignore[attr-defined]


def test_sync_timeout_holds_for_each_retry(dribbling: str) -> None:
    """Each attempt gets its own budget; the sum stays bounded by attempts x total (+ backoff)."""
    with ampeco.Client(dribbling, token=TOKEN, timeout=TOTAL, max_retries=1) as client:
        elapsed, error = _timed_sync(client)
    assert elapsed < 2 * TOTAL + 1.0 + 1.5  # two attempts, at most 1 s of backoff, slack
    assert error.attempts == 2  # type: ignore[attr-defined]


def test_sync_client_over_a_callers_http_client_is_bounded_too(dribbling: str) -> None:
    own = httpx.Client()
    with ampeco.Client(dribbling, token=TOKEN, timeout=TOTAL, max_retries=0, http_client=own) as client:
        elapsed, _ = _timed_sync(client)
    assert elapsed < LATE
    own.close()


def test_the_deadline_does_not_touch_the_callers_own_requests() -> None:
    """Installing the deadline on a caller's client changes nothing for requests it sends itself."""
    with raw_server(lambda conn: dribble_headers(conn, finish_after=1.5)) as url:
        own = httpx.Client(timeout=5)
        with ampeco.Client(url, token=TOKEN, timeout=0.3, max_retries=0, http_client=own) as client:
            client.get_httpx_client()  # installs the deadline on own's transport
            response = own.get(url + "/plain")
        assert response.status_code == 200 and response.content == VENDOR_BODY
        own.close()


def test_sync_client_stops_a_server_dribbling_the_body() -> None:
    with (
        raw_server(dribble_body) as url,
        ampeco.Client(url, token=TOKEN, timeout=TOTAL, max_retries=0) as client,
    ):
        elapsed, _ = _timed_sync(client)
    assert elapsed < LATE


async def test_async_client_stops_a_server_dribbling_headers(dribbling: str) -> None:
    async with ampeco.AsyncClient(dribbling, token=TOKEN, timeout=TOTAL, max_retries=0) as client:
        started = time.monotonic()
        with pytest.raises(ampeco.APITimeoutError):
            await charge_point_vendor_read.asyncio_detailed(7, client=client)
    assert TOTAL * 0.9 <= time.monotonic() - started < LATE


def test_a_fast_server_is_unaffected_after_a_timed_out_attempt() -> None:
    """The pool stays usable: the timed-out connection is dropped, the next request succeeds."""
    calls = {"n": 0}

    def first_slow_then_fast(conn: socket.socket) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            dribble_headers(conn, finish_after=2.0)
            return
        read_request_head(conn)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (len(VENDOR_BODY), VENDOR_BODY)
        )

    with (
        raw_server(first_slow_then_fast) as url,
        ampeco.Client(url, token=TOKEN, timeout=TOTAL, max_retries=0) as client,
    ):
        _timed_sync(client)
        assert charge_point_vendor_read.sync_detailed(7, client=client).parsed.data.name == "ACME"  # type: ignore[union-attr]
