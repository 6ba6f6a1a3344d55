"""Mock tenant throughput: requests per second for a listing and a create, in process and over loopback.

    python benchmarks/bench_mock.py [--seconds 3] [--per-page 25] [--records 1000]

In process: ``httpx.AsyncClient`` over ``httpx.ASGITransport`` (no sockets; one event loop).
Loopback: ``ampeco-mock`` under uvicorn in a child process, one keep-alive ``httpx.Client``.
Listing = ``GET /charge-points/v2.0?per_page=N`` over the seeded network; create = ``POST /locations/v2.0``
with a valid body (each stored, so the collection grows during the run). Paging = walking ``--records``
fresh charge points by cursor, 100 a page, in process: records/s the first time (each record conformed
from scratch) and the second (remembered). A script run by hand, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

from ampeco.mock import BASE_URL, DEFAULT_TOKEN, MockTenant, async_transport

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
LISTING = "/public-api/resources/charge-points/v2.0"
CREATE = "/public-api/resources/locations/v2.0"
LOCATION = {
    "name": [{"locale": "en", "translation": "Bench"}],
    "address": [{"locale": "en", "translation": "ul. Bench 1"}],
    "city": "Sofia",
    "country": "BG",
    "geoposition": {"latitude": 42.7, "longitude": 23.3},
    "roamingOperatorId": 1,
}


def _rate(seconds: float, call: Callable[[], int]) -> float:
    done = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        assert call() in (200, 201)
        done += 1
    return done / elapsed


async def _rate_async(seconds: float, call: Callable[[], object]) -> float:
    done = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        response = await call()  # type: ignore[misc]
        assert response.status_code in (200, 201)
        done += 1
    return done / elapsed


async def in_process(seconds: float, per_page: int) -> dict[str, float]:
    tenant = MockTenant(seed=1, token=DEFAULT_TOKEN)
    async with httpx.AsyncClient(
        transport=async_transport(tenant), base_url=BASE_URL, headers=AUTH
    ) as client:
        await client.get(LISTING)  # warm caches
        listing = await _rate_async(seconds, lambda: client.get(LISTING, params={"per_page": per_page}))
        create = await _rate_async(seconds, lambda: client.post(CREATE, json=LOCATION))
    return {"listing": listing, "create": create}


async def paging(records: int) -> tuple[float, float]:
    """Records/s walking ``records`` fresh charge points by cursor: first visit, then again."""
    tenant = MockTenant(seed=1, token=DEFAULT_TOKEN)
    template = "/public-api/resources/charge-points"
    collection = tenant.collection(template, template)
    schema = tenant.resources.collections[template].record_schema
    for number in range(records):
        record_id = collection.new_id()
        collection.put(
            record_id, {**tenant.synth.value(schema, tenant.synth.rng("bench", number)), "id": record_id}
        )
    rates = []
    async with httpx.AsyncClient(
        transport=async_transport(tenant), base_url=BASE_URL, headers=AUTH
    ) as client:
        for _ in range(2):
            seen, url, params = 0, LISTING, {"per_page": 100}
            start = time.perf_counter()
            while url:
                response = await client.get(url, params=params)
                assert response.status_code == 200
                body = response.json()
                seen, url, params = seen + len(body["data"]), body["links"].get("next"), None
            rates.append(seen / (time.perf_counter() - start))
    return rates[0], rates[1]


def loopback(seconds: float, per_page: int) -> dict[str, float]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "ampeco.mock", "--port", str(port), "--seed", "1", "--log-level", "warning"],
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=AUTH) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    client.get(LISTING)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            listing = _rate(seconds, lambda: client.get(LISTING, params={"per_page": per_page}).status_code)
            create = _rate(seconds, lambda: client.post(CREATE, json=LOCATION).status_code)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"listing": listing, "create": create}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    parser.add_argument("--per-page", type=int, default=25, help="per_page of the listing")
    parser.add_argument("--records", type=int, default=1000, help="fresh records to page through")
    args = parser.parse_args()
    results = {
        "in process": asyncio.run(in_process(args.seconds, args.per_page)),
        "loopback": loopback(args.seconds, args.per_page),
    }
    first, again = asyncio.run(paging(args.records))
    print(f"{'mode':<12}{'listing req/s':>15}{'create req/s':>15}")
    for mode, rates in results.items():
        print(f"{mode:<12}{rates['listing']:>15.0f}{rates['create']:>15.0f}")
    print(
        f"paging {args.records} fresh records in process: {first:.0f} records/s, again {again:.0f} records/s"
    )


if __name__ == "__main__":
    main()
