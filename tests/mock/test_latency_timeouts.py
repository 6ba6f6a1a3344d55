"""A latency fault longer than the client's timeout times out in process as against a real server,
for the sync client (through ``SyncASGITransport``) as for the async one."""

from __future__ import annotations

import time

import httpx
import pytest

import ampeco
from ampeco.mock import BASE_URL, DEFAULT_TOKEN, MockTenant, SyncASGITransport, async_transport
from ampeco_public_api.api.resource_charge_points import charge_points_listing

CHARGE_POINTS = "/public-api/resources/charge-points/v2.0"


@pytest.fixture(scope="module")
def tenant() -> MockTenant:
    return MockTenant(seed=1)


@pytest.fixture(autouse=True)
def _no_faults_left(tenant: MockTenant):
    yield
    tenant.faults.clear()


def _sync_client(tenant: MockTenant, **options: object) -> ampeco.Client:
    pool = httpx.Client(transport=SyncASGITransport(tenant))
    return ampeco.Client(BASE_URL, token=DEFAULT_TOKEN, http_client=pool, **options)


def test_sync_client_times_out_after_its_timeout(tenant: MockTenant) -> None:
    tenant.faults.latency("chargePointsListing", seconds=3)
    with _sync_client(tenant, timeout=1, max_retries=0) as client:
        started = time.perf_counter()
        with pytest.raises(ampeco.APITimeoutError, match="charge_points_listing"):
            charge_points_listing.sync(client=client)
        elapsed = time.perf_counter() - started
    assert 0.9 <= elapsed < 2.0


async def test_async_client_times_out_after_its_timeout(tenant: MockTenant) -> None:
    tenant.faults.latency("chargePointsListing", seconds=3)
    pool = httpx.AsyncClient(transport=async_transport(tenant))
    async with ampeco.AsyncClient(
        BASE_URL, token=DEFAULT_TOKEN, http_client=pool, timeout=1, max_retries=0
    ) as c:
        started = time.perf_counter()
        with pytest.raises(ampeco.APITimeoutError):
            await charge_points_listing.asyncio(client=c)
        elapsed = time.perf_counter() - started
    await pool.aclose()
    assert 0.9 <= elapsed < 2.0


def test_sync_client_retries_a_timed_out_read(tenant: MockTenant) -> None:
    """The first attempt times out (a read timeout of an idempotent GET is retried), the second answers."""
    tenant.faults.latency("chargePointsListing", seconds=3, times=1)
    with _sync_client(tenant, timeout=0.5, max_retries=1) as client:
        started = time.perf_counter()
        page = charge_points_listing.sync(client=client)
        elapsed = time.perf_counter() - started
    assert page.data
    assert 0.5 <= elapsed < 2.5


def test_transport_raises_read_timeout_and_keeps_serving(tenant: MockTenant) -> None:
    tenant.faults.latency(CHARGE_POINTS, seconds=2, times=1)
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
    with httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL, headers=headers) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get(CHARGE_POINTS, timeout=httpx.Timeout(5, read=0.2))
        assert client.get(CHARGE_POINTS, timeout=None).status_code == 200  # no timeout: waits as needed
        tenant.faults.latency(CHARGE_POINTS, seconds=0.3, times=1)
        assert client.get(CHARGE_POINTS, timeout=None).status_code == 200
