"""Fetch several listings at once with the async client.

AMPECO_BASE_URL=acme.ampeco.tech AMPECO_API_TOKEN=... python examples/concurrent_listings.py
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable

import ampeco


async def network_overview(client: ampeco.AsyncClient) -> dict[str, int]:
    """How many locations, charge points, EVSEs and sessions the tenant has, fetched concurrently."""

    async def count(items: AsyncIterable[object]) -> int:
        return len([item async for item in items])

    locations, charge_points, evses, sessions = await asyncio.gather(
        count(client.locations.list()),
        count(client.charge_points.list()),
        count(client.evses.list()),
        count(client.sessions.list(concurrency=4)),  # page-numbered listings fetch pages in parallel too
    )
    return {"locations": locations, "charge points": charge_points, "EVSEs": evses, "sessions": sessions}


async def main() -> None:
    async with ampeco.AsyncClient() as client:
        for name, total in (await network_overview(client)).items():
            print(f"{name}: {total}")


if __name__ == "__main__":
    asyncio.run(main())
