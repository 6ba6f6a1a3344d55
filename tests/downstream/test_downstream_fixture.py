"""A downstream project's tests: what a user of the installed wheel writes with the ``ampeco_mock`` fixture.

It imports nothing from this repository (no ``tests.``, no ``codegen``), so ``.ci/wheel-check`` runs it
in a fresh venv outside the checkout where only the wheel (with the ``mock`` extra) and pytest are
installed; the main test run runs it too, against the editable install.
"""

from __future__ import annotations

import asyncio

import pytest

import ampeco
from ampeco_public_api.api.resource_charge_points import charge_point_read, charge_points_listing
from ampeco_public_api.api.resource_locations import locations_listing


def test_pages_through_the_seeded_network(ampeco_mock) -> None:
    charge_points = list(ampeco.paginate(charge_points_listing, client=ampeco_mock.client, per_page=2))
    assert len(charge_points) >= 3
    first = charge_point_read.sync(charge_points[0].id, client=ampeco_mock.client).data
    assert first.id == charge_points[0].id
    assert ampeco_mock.tenant.platform_version == ampeco.__api_version__  # the spec packaged in the wheel


def test_a_missing_record_raises_a_typed_error(ampeco_mock) -> None:
    with pytest.raises(ampeco.NotFoundError):
        charge_point_read.sync(999_999, client=ampeco_mock.client)


def test_scripted_faults_then_recovery(ampeco_mock) -> None:
    ampeco_mock.faults.server_error("charge_points_listing", status=503, times=1)
    no_retries = ampeco_mock.client.with_options(max_retries=0)
    with pytest.raises(ampeco.InternalServerError):
        charge_points_listing.sync(client=no_retries)
    assert charge_points_listing.sync(client=no_retries).data


def test_latency_past_the_timeout_times_out(ampeco_mock) -> None:
    ampeco_mock.faults.latency("GET /public-api/resources/charge-points/v2.0", seconds=2, times=1)
    with pytest.raises(ampeco.APITimeoutError):
        charge_points_listing.sync(client=ampeco_mock.client.with_options(timeout=0.5, max_retries=0))


@pytest.mark.ampeco_mock(seed=3, network=False, auto_records=2)
def test_marker_options_and_the_async_client(ampeco_mock) -> None:
    async def listed() -> int:
        page = await locations_listing.asyncio(client=ampeco_mock.async_client)
        return len(page.data)

    assert asyncio.run(listed()) == 2
