"""examples/concurrent_listings.py with the module functions (for comparison)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable

import ampeco
from ampeco_public_api.api.resource_charge_points import charge_points_listing
from ampeco_public_api.api.resource_evses import evses_listing
from ampeco_public_api.api.resource_locations import locations_listing
from ampeco_public_api.api.resource_sessions import sessions_listing


async def network_overview(client: ampeco.AsyncClient) -> dict[str, int]:
    async def count(items: AsyncIterable[object]) -> int:
        return len([item async for item in items])

    locations, charge_points, evses, sessions = await asyncio.gather(
        count(ampeco.apaginate(locations_listing, client=client)),
        count(ampeco.apaginate(charge_points_listing, client=client)),
        count(ampeco.apaginate(evses_listing, client=client)),
        count(ampeco.apaginate(sessions_listing, client=client, concurrency=4)),
    )
    return {"locations": locations, "charge points": charge_points, "EVSEs": evses, "sessions": sessions}
