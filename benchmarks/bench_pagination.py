"""Pagination cost and async page-mode speed-up, against a real HTTP server in another process.

    python benchmarks/bench_pagination.py [--items 20000] [--per-page 100] [--runs 5]
                                          [--pages 20] [--latency 0.05]

1. Overhead per item (cursor listing ``cdrs_listing``): ``ampeco.paginate`` with ``ampeco.Client`` versus
   a bare ``httpx.Client`` loop over the same pages (a) decoding JSON only and (b) also parsing each page
   with the same generated model. (b) isolates what the client runtime adds: transport, retries
   bookkeeping, logging checks and the pager.
2. Async page mode (``charge_point_vendors_listing``) against a server answering each request after
   ``--latency`` seconds: ``ampeco.apaginate`` with concurrency 1 versus 4 and 8, same items in order.

The server runs in a separate process (uvicorn) with pre-rendered pages, so its CPU time is not
charged to the client and does not contend for the client's GIL. Prints medians of ``--runs``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx

import ampeco
from ampeco_public_api.api.resource_cdrs import cdrs_listing
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendors_listing
from ampeco_public_api.models.cdrs_listing_response import CdrsListingResponse
from ampeco_public_api.models.cursor_pagination import CursorPagination

CDRS = "/public-api/resources/cdrs/v2.0"
VENDORS = "/public-api/resources/charge-point-vendors/v1.0"
TOKEN = "bench-token-0123456789"


# -- the server (child process) ----------------------------------------------------------------------


def _cdr(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "operatorId": 1,
        "platformId": 2,
        "protocolType": "OCPI",
        "sessionId": f"s-{i}",
        "startTime": "2024-01-01T00:00:00Z",
        "isLocal": True,
        "endTime": "2024-01-01T01:00:00Z",
        "receivedAt": "2024-01-01T01:00:00Z",
    }


def _render(items: int, per_page: int, pages: int) -> dict[tuple[str, str], bytes]:
    """Every response body, keyed by (path, cursor-or-page), rendered once up front."""
    bodies: dict[tuple[str, str], bytes] = {}
    for offset in range(0, items, per_page):
        nxt = offset + per_page
        next_cursor = f"c{nxt}" if nxt < items else None
        body = {
            "data": [_cdr(i) for i in range(offset, min(nxt, items))],
            "links": {"first": None, "last": None, "prev": None, "next": None},
            "meta": {"path": CDRS, "per_page": per_page, "next_cursor": next_cursor, "prev_cursor": None},
        }
        bodies[(CDRS, f"c{offset}" if offset else "")] = json.dumps(body).encode()
    for page in range(1, pages + 1):
        start = (page - 1) * per_page
        body = {
            "data": [{"id": i, "name": f"vendor {i}"} for i in range(start, start + per_page)],
            "links": {"first": None, "last": None, "prev": None, "next": None},
            "meta": {
                "current_page": page,
                "last_page": pages,
                "per_page": per_page,
                "total": pages * per_page,
            },
        }
        bodies[(VENDORS, str(page))] = json.dumps(body).encode()
    return bodies


def _serve(port_out: Any, items: int, per_page: int, pages: int, latency: float) -> None:
    import uvicorn

    bodies = _render(items, per_page, pages)

    async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            return
        query = dict(
            pair.split("=", 1) if "=" in pair else (pair, "")
            for pair in scope["query_string"].decode().split("&")
            if pair
        )
        path = scope["path"]
        key = (path, query.get("cursor", "")) if path == CDRS else (path, query.get("page", "1"))
        if path == VENDORS and latency:
            await asyncio.sleep(latency)
        body = bodies.get(key, b'{"message": "not found"}')
        status = 200 if key in bodies else 404
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port_out.put(sock.getsockname()[1])
    uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)).run(
        sockets=[sock]
    )


# -- measurements ------------------------------------------------------------------------------------


def _median_time(fn: Callable[[], int], runs: int) -> tuple[float, int]:
    fn()  # warm up: connections, imports, caches
    times = []
    count = 0
    for _ in range(runs):
        started = time.perf_counter()
        count = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def _interleaved(scenarios: dict[str, Callable[[], int]], runs: int) -> dict[str, tuple[float, float, int]]:
    """(median, min, items) per scenario, running them in turn each round so that background load on
    the machine hits all of them alike."""
    for fn in scenarios.values():
        fn()  # warm up
    times: dict[str, list[float]] = {name: [] for name in scenarios}
    counts: dict[str, int] = {}
    for _ in range(runs):
        for name, fn in scenarios.items():
            started = time.perf_counter()
            counts[name] = fn()
            times[name].append(time.perf_counter() - started)
    return {name: (statistics.median(t), min(t), counts[name]) for name, t in times.items()}


def bench_overhead(url: str, per_page: int, runs: int) -> None:
    def bare_json() -> int:
        n = 0
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            params: dict[str, Any] = {"per_page": per_page}
            while True:
                body = http.get(CDRS, params=params).raise_for_status().json()
                for _item in body["data"]:
                    n += 1
                cursor = body["meta"]["next_cursor"]
                if not cursor:
                    return n
                params["cursor"] = cursor

    def bare_models() -> int:
        n = 0
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            params: dict[str, Any] = {"per_page": per_page}
            while True:
                parsed = CdrsListingResponse.from_dict(
                    http.get(CDRS, params=params).raise_for_status().json()
                )
                assert isinstance(parsed.data, list) and isinstance(parsed.meta, CursorPagination)
                for _item in parsed.data:
                    n += 1
                cursor = parsed.meta.next_cursor
                if not cursor:
                    return n
                params["cursor"] = cursor

    def with_ampeco() -> int:
        n = 0
        with ampeco.Client(url, token=TOKEN) as client:
            for _item in ampeco.paginate(cdrs_listing, client=client, per_page=per_page):
                n += 1
        return n

    results = _interleaved(
        {
            "bare httpx, JSON only": bare_json,
            "bare httpx + generated models": bare_models,
            "ampeco.paginate": with_ampeco,
        },
        runs,
    )
    items = results["ampeco.paginate"][2]
    assert all(count == items for *_, count in results.values()), results
    pages = -(-items // per_page)
    print(f"1. cursor listing, {items} items in {pages} pages of {per_page} ({runs} interleaved runs)")
    print(f"   {'':32s} {'median':>10s} {'min':>10s} {'median/item':>12s}")
    for name, (median, best, _) in results.items():
        print(f"   {name:32s} {median * 1000:7.1f} ms {best * 1000:7.1f} ms {median / items * 1e6:9.2f} us")
    for label, index in (("median", 0), ("min", 1)):
        base = results["bare httpx + generated models"][index]
        ours = results["ampeco.paginate"][index]
        print(
            f"   runtime overhead vs bare httpx + same models ({label}): "
            f"{(ours - base) / items * 1e6:+.2f} us/item = {(ours - base) / pages * 1e3:+.3f} ms/page "
            f"({(ours / base - 1) * 100:+.1f}%)"
        )
    parse = results["bare httpx + generated models"][1] - results["bare httpx, JSON only"][1]
    print(f"   (model parsing, paid by both, costs {parse / items * 1e6:.2f} us/item)")


def bench_overhead_in_process(items: int, per_page: int, runs: int) -> None:
    """The same comparison with an in-memory server stand-in (httpx.MockTransport serving the pre-rendered
    pages): no sockets, so the CPU the runtime adds per page is not drowned in network jitter."""
    bodies = _render(items, per_page, 1)

    def handler(request: httpx.Request) -> httpx.Response:
        key = (request.url.path, request.url.params.get("cursor", ""))
        return httpx.Response(200, content=bodies[key], headers={"content-type": "application/json"})

    def bare_models() -> int:
        n = 0
        with httpx.Client(
            base_url="https://acme.ampeco.tech", transport=httpx.MockTransport(handler)
        ) as http:
            params: dict[str, Any] = {"per_page": per_page}
            while True:
                parsed = CdrsListingResponse.from_dict(
                    http.get(CDRS, params=params).raise_for_status().json()
                )
                assert isinstance(parsed.data, list) and isinstance(parsed.meta, CursorPagination)
                for _item in parsed.data:
                    n += 1
                cursor = parsed.meta.next_cursor
                if not cursor:
                    return n
                params["cursor"] = cursor

    def with_ampeco() -> int:
        n = 0
        server = httpx.Client(transport=httpx.MockTransport(handler))
        with ampeco.Client("https://acme.ampeco.tech", token=TOKEN, http_client=server) as client:
            for _item in ampeco.paginate(cdrs_listing, client=client, per_page=per_page):
                n += 1
        return n

    results = _interleaved({"bare httpx + models": bare_models, "ampeco.paginate": with_ampeco}, runs)
    pages = -(-items // per_page)
    base, ours = results["bare httpx + models"][1], results["ampeco.paginate"][1]
    print(f"1b. same listing, in-process server stand-in (min of {runs} interleaved runs)")
    print(f"   bare httpx + models {base * 1000:7.1f} ms   ampeco.paginate {ours * 1000:7.1f} ms")
    print(
        f"   runtime overhead: {(ours - base) / items * 1e6:+.2f} us/item = "
        f"{(ours - base) / pages * 1e6:+.0f} us/page ({(ours / base - 1) * 100:+.1f}%)"
    )


def bench_async_pages(url: str, pages: int, per_page: int, latency: float, runs: int) -> None:
    async def walk(concurrency: int) -> int:
        async with ampeco.AsyncClient(url, token=TOKEN) as client:
            ids = [
                v.id
                async for v in ampeco.apaginate(
                    charge_point_vendors_listing, client=client, per_page=per_page, concurrency=concurrency
                )
            ]
        assert ids == list(range(pages * per_page)), "order or completeness broken"
        return len(ids)

    print(
        f"2. async page mode, {pages} pages of {per_page}, server latency {latency * 1000:.0f} ms per request"
    )
    baseline = None
    for concurrency in (1, 4, 8):

        def run(concurrency: int = concurrency) -> int:
            return asyncio.run(walk(concurrency))

        seconds, count = _median_time(run, runs)
        baseline = baseline or seconds
        print(
            f"   concurrency={concurrency}:  {seconds * 1000:8.1f} ms for {count} items"
            f"   speed-up x{baseline / seconds:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    port_out = context.Queue()
    server = context.Process(
        target=_serve, args=(port_out, args.items, args.per_page, args.pages, args.latency), daemon=True
    )
    server.start()
    try:
        url = f"http://127.0.0.1:{port_out.get(timeout=30)}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}{VENDORS}?page=1", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        bench_overhead(url, args.per_page, args.runs)
        bench_overhead_in_process(args.items, args.per_page, args.runs)
        bench_async_pages(url, args.pages, args.per_page, args.latency, args.runs)
    finally:
        server.terminate()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
