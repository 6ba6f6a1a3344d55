"""Retries, rate-limit waits and backoff against a real loopback server.

Waits are kept to milliseconds by the server's Retry-After; the wait the client chose is read from the
``ampeco`` logger's retry records (``ampeco_wait``), so nothing here asserts on wall-clock time.
"""

from __future__ import annotations

import logging
import random
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

import ampeco
from ampeco._retry import Throttle, backoff_delay, server_wait, should_retry_exception, should_retry_status
from ampeco_public_api.api.resource_charge_point_vendors import (
    charge_point_vendor_create,
    charge_point_vendor_delete,
    charge_point_vendor_read,
)
from ampeco_public_api.models.charge_point_vendor import ChargePointVendor
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, VENDOR, Reply, Scripted

FAST = {"Retry-After": "0.001"}
NEW_VENDOR = ChargePointVendor(id=7, name="ACME")


def retry_waits(caplog: pytest.LogCaptureFixture) -> list[float]:
    return [r.ampeco_wait for r in caplog.records if r.name == "ampeco" and hasattr(r, "ampeco_wait")]


@pytest.fixture(autouse=True)
def _capture(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ampeco")


def test_429_is_retried_honouring_retry_after(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.app = app = Scripted(
        Reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "0.02"}), Reply(200, VENDOR)
    )
    with ampeco.Client(server.url, token=TOKEN) as client:
        response = charge_point_vendor_read.sync_detailed(7, client=client)
    assert response.parsed.data.id == 7
    assert len(app.calls) == 2
    assert retry_waits(caplog) == [0.02]
    retry = next(r for r in caplog.records if hasattr(r, "ampeco_wait"))
    assert retry.ampeco_attempt == 1
    assert retry.ampeco_operation == "charge_point_vendor_read"
    assert "attempt 1 of 3 failed" in retry.getMessage()


def test_429_is_retried_even_for_post(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(429, None, FAST), Reply(201, VENDOR))
    with ampeco.Client(server.url, token=TOKEN) as client:
        charge_point_vendor_create.sync_detailed(client=client, body=NEW_VENDOR)
    assert [c.method for c in app.calls] == ["POST", "POST"]
    assert app.calls[0].body == app.calls[1].body  # the same body is sent again


def test_post_is_not_retried_on_503(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(503, {"message": "down"}, FAST), Reply(201, VENDOR))
    with (
        ampeco.Client(server.url, token=TOKEN, max_retries=5) as client,
        pytest.raises(ampeco.InternalServerError) as info,
    ):
        charge_point_vendor_create.sync_detailed(client=client, body=NEW_VENDOR)
    assert len(app.calls) == 1
    assert info.value.attempts == 1


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
def test_idempotent_requests_are_retried_on_transient_statuses(server: LoopbackServer, status: int) -> None:
    server.app = app = Scripted(Reply(status, None, FAST), Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN) as client:
        assert charge_point_vendor_read.sync_detailed(7, client=client).status_code == 200
    assert len(app.calls) == 2


def test_delete_is_retried_as_idempotent(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(502, None, FAST), Reply(204))
    with ampeco.Client(server.url, token=TOKEN) as client:
        charge_point_vendor_delete.sync_detailed(7, client=client)
    assert [c.method for c in app.calls] == ["DELETE", "DELETE"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_client_errors_are_never_retried(server: LoopbackServer, status: int) -> None:
    server.app = app = Scripted(Reply(status, None, FAST), Reply(200, VENDOR))
    with (
        ampeco.Client(server.url, token=TOKEN, max_retries=3) as client,
        pytest.raises(ampeco.APIStatusError),
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert len(app.calls) == 1


def test_attempts_are_counted_on_the_error(server: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    server.app = app = Scripted(Reply(503, {"message": "maintenance"}, FAST))
    with (
        ampeco.Client(server.url, token=TOKEN, max_retries=3) as client,
        pytest.raises(ampeco.InternalServerError) as info,
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert len(app.calls) == 4
    assert info.value.attempts == 4
    assert "after 4 attempts" in str(info.value)
    assert len(retry_waits(caplog)) == 3
    attempts = [r.ampeco_attempt for r in caplog.records if hasattr(r, "ampeco_status")]
    assert attempts == [1, 2, 3, 4]


def test_without_retry_after_the_wait_is_exponential_backoff(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.app = Scripted(Reply(503), Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN) as client:
        charge_point_vendor_read.sync_detailed(7, client=client)
    [wait] = retry_waits(caplog)
    assert 0.25 <= wait <= 0.5  # first step of 0.5 s, jittered down by at most half


def test_wait_longer_than_ceiling_raises_at_once(server: LoopbackServer) -> None:
    server.app = app = Scripted(
        Reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "120"}), Reply(200, VENDOR)
    )
    with (
        ampeco.Client(server.url, token=TOKEN, max_retries=5) as client,
        pytest.raises(ampeco.RateLimitError) as info,
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert len(app.calls) == 1
    assert info.value.retry_after == 120.0
    assert "max_rate_limit_wait=60" in str(info.value)


def test_ceiling_is_configurable_per_call(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(429, None, {"Retry-After": "1"}), Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN) as client, pytest.raises(ampeco.RateLimitError):
        charge_point_vendor_read.sync_detailed(7, client=client.with_options(max_rate_limit_wait=0.5))
    assert len(app.calls) == 1


def test_x_ratelimit_reset_is_honoured(server: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    server.app = Scripted(Reply(429, None, {"X-RateLimit-Reset": "0.01"}), Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN) as client:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert retry_waits(caplog) == [0.01]


def test_retries_exhausted_on_429_raises_rate_limit_error(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(429, None, FAST))
    with (
        ampeco.Client(server.url, token=TOKEN, max_retries=2) as client,
        pytest.raises(ampeco.RateLimitError) as info,
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert len(app.calls) == 3
    assert info.value.attempts == 3


def test_max_retries_zero_disables_retries(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(503, None, FAST), Reply(200, VENDOR))
    with (
        ampeco.Client(server.url, token=TOKEN, max_retries=0) as client,
        pytest.raises(ampeco.InternalServerError),
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert len(app.calls) == 1


def test_read_timeout_is_retried_for_get(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR, delay=0.3), Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN, timeout=0.1) as client:
        assert charge_point_vendor_read.sync_detailed(7, client=client).parsed.data.id == 7
    assert len(app.calls) == 2


def test_read_timeout_is_not_retried_for_post(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(201, VENDOR, delay=0.3), Reply(201, VENDOR))
    with (
        ampeco.Client(server.url, token=TOKEN, timeout=0.1, max_retries=3) as client,
        pytest.raises(ampeco.APITimeoutError) as info,
    ):
        charge_point_vendor_create.sync_detailed(client=client, body=NEW_VENDOR)
    assert len(app.calls) == 1
    assert info.value.attempts == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_failure_before_sending_is_retried_even_for_post(caplog: pytest.LogCaptureFixture) -> None:
    with (
        ampeco.Client(f"http://127.0.0.1:{_closed_port()}", token=TOKEN, max_retries=1) as client,
        pytest.raises(ampeco.APIConnectionError) as info,
    ):
        charge_point_vendor_create.sync_detailed(client=client, body=NEW_VENDOR)
    assert info.value.attempts == 2
    assert "after 2 attempts" in str(info.value)
    assert [r.ampeco_reason for r in caplog.records if hasattr(r, "ampeco_reason")] == ["ConnectError"]


async def test_async_client_retries_the_same_way(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.app = app = Scripted(
        Reply(429, None, {"Retry-After": "0.01"}), Reply(503, None, FAST), Reply(200, VENDOR)
    )
    async with ampeco.AsyncClient(server.url, token=TOKEN) as client:
        response = await charge_point_vendor_read.asyncio_detailed(7, client=client)
    assert response.parsed.data.id == 7
    assert len(app.calls) == 3
    assert retry_waits(caplog) == [0.01, 0.001]


async def test_async_post_is_not_retried_on_503(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(503, None, FAST), Reply(201, VENDOR))
    async with ampeco.AsyncClient(server.url, token=TOKEN) as client:
        with pytest.raises(ampeco.InternalServerError):
            await charge_point_vendor_create.asyncio_detailed(client=client, body=NEW_VENDOR)
    assert len(app.calls) == 1


# -- the rules on their own ------------------------------------------------------------------------------


def test_backoff_bounds() -> None:
    expected_steps = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    for retry, step in enumerate(expected_steps, start=1):
        assert backoff_delay(retry, rand=lambda: 0.0) == step  # no jitter: the full step
        assert backoff_delay(retry, rand=lambda: 0.999999) == pytest.approx(step / 2, rel=1e-5)
        rng = random.Random(retry)
        for _ in range(200):
            assert step / 2 <= backoff_delay(retry, rand=rng.random) <= step
    assert backoff_delay(50) <= 8.0


def test_server_wait_parsing() -> None:
    now = 1_700_000_000.0
    clock = lambda: now  # noqa: E731
    assert server_wait({"retry-after": "3"}, clock) == 3.0
    assert server_wait({"retry-after": "1.5"}, clock) == 1.5
    when = datetime.fromtimestamp(now, UTC) + timedelta(seconds=30)
    assert server_wait({"retry-after": format_datetime(when, usegmt=True)}, clock) == pytest.approx(30.0)
    past = datetime.fromtimestamp(now, UTC) - timedelta(seconds=30)
    assert server_wait({"retry-after": format_datetime(past, usegmt=True)}, clock) == 0.0
    assert server_wait({"x-ratelimit-reset": str(int(now) + 12)}, clock) == 12.0  # a Unix timestamp
    assert server_wait({"x-ratelimit-reset": "12"}, clock) == 12.0  # seconds
    assert server_wait({"retry-after": "soon"}, clock) is None
    assert server_wait({"retry-after": "-4"}, clock) is None
    assert server_wait({"retry-after": "nan"}, clock) is None
    assert server_wait({}, clock) is None
    assert server_wait({"retry-after": "2", "x-ratelimit-reset": "50"}, clock) == 2.0  # Retry-After wins


def test_retry_rules() -> None:
    for method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH"):
        assert should_retry_status(429, method)
        assert not should_retry_status(400, method)
        idempotent = method not in ("POST", "PATCH")
        for status in (408, 500, 502, 503, 504):
            assert should_retry_status(status, method) is idempotent
        request = httpx.Request(method, "https://acme.ampeco.tech/x")
        assert should_retry_exception(httpx.ConnectError("refused", request=request), method)
        assert should_retry_exception(httpx.ConnectTimeout("slow", request=request), method)
        assert should_retry_exception(httpx.PoolTimeout("busy", request=request), method)
        assert should_retry_exception(httpx.ReadTimeout("slow", request=request), method) is idempotent
        assert (
            should_retry_exception(httpx.RemoteProtocolError("gone", request=request), method) is idempotent
        )
    assert not should_retry_status(501, "GET")


def test_throttle_spaces_requests() -> None:
    now = [100.0]
    throttle = Throttle(4.0, clock=lambda: now[0])
    assert [throttle.reserve() for _ in range(4)] == [0.0, 0.25, 0.5, 0.75]
    now[0] += 10.0  # idle time is not banked as a burst beyond one slot
    assert throttle.reserve() == 0.0
    assert throttle.reserve() == 0.25


def test_client_throttle_spaces_requests(server: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    server.app = app = Scripted(Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN, requests_per_second=10) as client:
        for _ in range(3):
            charge_point_vendor_read.sync_detailed(7, client=client)
        copy = client.with_options(timeout=5)
        charge_point_vendor_read.sync_detailed(7, client=copy)  # copies draw on the same budget
    assert len(app.calls) == 4
    waits = [r.ampeco_throttle_wait for r in caplog.records if hasattr(r, "ampeco_throttle_wait")]
    # Each request after the first waits for its 100 ms slot (unless the box was slower than that).
    assert len(waits) >= 2
    assert all(0 < wait <= 0.1 for wait in waits)
