"""paginate / apaginate over real generated listing modules against a loopback server with real paging.

Listings: ``cdrs_listing`` (cursor only), ``vendors_listing`` (page only) and
``users_listing`` (both; walked by cursor unless ``page=`` is given).
"""

from __future__ import annotations

import pytest

import ampeco
from ampeco import AsyncClient, Client
from ampeco_public_api.api.resource_cdrs import cdrs_listing
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read
from ampeco_public_api.api.resource_charge_point_vendors import (
    charge_point_vendors_listing as vendors_listing,
)
from ampeco_public_api.api.resource_users import users_listing
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, ListingApp, Reply, Scripted, cdr, user, vendor

CDRS = "/public-api/resources/cdrs/v2.0"
VENDORS = "/public-api/resources/charge-point-vendors/v1.0"
USERS = "/public-api/resources/users/v1.0"
N = 250


@pytest.fixture
def client(server: LoopbackServer) -> ampeco.Client:
    with ampeco.Client(server.url, token=TOKEN, max_retries=0) as client:
        yield client


@pytest.fixture
async def aclient(server: LoopbackServer) -> ampeco.AsyncClient:
    async with ampeco.AsyncClient(server.url, token=TOKEN, max_retries=0) as client:
        yield client


def serve(
    server: LoopbackServer, path: str, make: object, mode: str, n: int = N, **kwargs: object
) -> ListingApp:
    app = ListingApp(path, [make(i) for i in range(n)], mode=mode, **kwargs)  # type: ignore[operator]
    server.app = app
    return app


# -- sync walks ----------------------------------------------------------------------------------------


def test_cursor_listing_yields_every_item_once_in_order(
    server: LoopbackServer, client: ampeco.Client
) -> None:
    app = serve(server, CDRS, cdr, "cursor")
    pager = ampeco.paginate(cdrs_listing, client=client, per_page=40)
    ids = [item.id for item in pager]
    assert ids == list(range(N))
    assert len(app.requests) == 7  # ceil(250 / 40): no extra request after the last page
    assert "cursor" not in app.requests[0]
    assert all(r["per_page"] == "40" for r in app.requests)
    assert pager.finished and pager.cursor is None


def test_page_listing_yields_every_item_once_in_order(server: LoopbackServer, client: Client) -> None:
    app = serve(server, VENDORS, vendor, "page")
    ids = [v.id for v in ampeco.paginate(vendors_listing, client=client, per_page=40)]
    assert ids == list(range(N))
    assert [r["page"] for r in app.requests] == [str(p) for p in range(1, 8)]


def test_both_listing_is_walked_by_cursor(server: LoopbackServer, client: Client) -> None:
    app = serve(server, USERS, user, "both")
    ids = [u.id for u in ampeco.paginate(users_listing, client=client, per_page=40)]
    assert ids == [str(i) for i in range(N)]
    assert app.requests[0]["cursor"] == ""  # an empty cursor engages cursor pagination
    assert all("cursor" in r for r in app.requests)
    assert len(app.requests) == 7


def test_both_listing_in_page_mode_when_page_is_given(server: LoopbackServer, client: Client) -> None:
    app = serve(server, USERS, user, "both")
    ids = [u.id for u in ampeco.paginate(users_listing, client=client, per_page=40, page=3)]
    assert ids == [str(i) for i in range(80, N)]
    assert [r["page"] for r in app.requests] == ["3", "4", "5", "6", "7"]
    assert all("cursor" not in r for r in app.requests)


def test_function_or_module_and_filters_pass_through(server: LoopbackServer, client: Client) -> None:
    app = serve(server, CDRS, cdr, "cursor", n=5)
    items = list(ampeco.paginate(cdrs_listing.sync_detailed, client=client, per_page=2))
    assert [i.id for i in items] == [0, 1, 2, 3, 4]
    assert len(app.requests) == 3


def test_empty_listing(server: LoopbackServer, client: Client) -> None:
    app = serve(server, VENDORS, vendor, "page", n=0)
    assert list(ampeco.paginate(vendors_listing, client=client)) == []
    assert len(app.requests) == 1


def test_pages_expose_cursors_for_checkpoints(server: LoopbackServer, client: Client) -> None:
    serve(server, CDRS, cdr, "cursor")
    pages = list(ampeco.paginate(cdrs_listing, client=client, per_page=100).pages())
    assert [len(p.items) for p in pages] == [100, 100, 50]
    assert pages[0].cursor is None and pages[0].next_cursor == pages[1].cursor
    assert pages[1].next_cursor == pages[2].cursor
    assert pages[2].next_cursor is None and not pages[2].has_next
    assert pages[0].response.status_code == 200


def test_resume_from_a_page_checkpoint(server: LoopbackServer, client: Client) -> None:
    app = serve(server, CDRS, cdr, "cursor")
    seen: list[int] = []
    checkpoint = None
    for page in ampeco.paginate(cdrs_listing, client=client, per_page=30).pages():
        seen += [i.id for i in page.items]
        checkpoint = page.next_cursor
        if len(seen) >= 90:
            break  # the job stops (crash, deploy...) after three pages
    app.requests.clear()
    rest = [i.id for i in ampeco.paginate(cdrs_listing, client=client, per_page=30, cursor=checkpoint)]
    assert seen + rest == list(range(N))  # nothing skipped, nothing repeated
    assert app.requests[0]["cursor"] == checkpoint


def test_resume_from_pager_cursor_after_stopping_mid_page(
    server: LoopbackServer, client: ampeco.Client
) -> None:
    serve(server, CDRS, cdr, "cursor")
    pager = ampeco.paginate(cdrs_listing, client=client, per_page=40)
    seen: list[int] = []
    for item in pager:
        seen.append(item.id)
        if len(seen) == 100:  # in the middle of the third page (80..119)
            break
    assert not pager.finished
    resumed = [i.id for i in ampeco.paginate(cdrs_listing, client=client, per_page=40, cursor=pager.cursor)]
    assert resumed[0] == 80  # the partial page is read again: never a skipped item
    assert sorted(set(seen) | set(resumed)) == list(range(N))


def test_pager_cursor_at_a_page_boundary_repeats_nothing(
    server: LoopbackServer, client: ampeco.Client
) -> None:
    serve(server, CDRS, cdr, "cursor")
    pager = ampeco.paginate(cdrs_listing, client=client, per_page=40, limit=80)
    seen = [i.id for i in pager]
    resumed = [i.id for i in ampeco.paginate(cdrs_listing, client=client, per_page=40, cursor=pager.cursor)]
    assert seen + resumed == list(range(N))


def test_page_mode_resume(server: LoopbackServer, client: Client) -> None:
    serve(server, VENDORS, vendor, "page")
    pager = ampeco.paginate(vendors_listing, client=client, per_page=50, limit=100)
    seen = [v.id for v in pager]
    assert pager.page == 3 and pager.cursor is None
    rest = [v.id for v in ampeco.paginate(vendors_listing, client=client, per_page=50, page=pager.page)]
    assert seen + rest == list(range(N))


@pytest.mark.parametrize(("limit", "requests"), [(0, 0), (1, 1), (40, 1), (41, 2), (85, 3), (1000, 7)])
def test_limit_stops_without_fetching_extra_pages(
    server: LoopbackServer, client: ampeco.Client, limit: int, requests: int
) -> None:
    app = serve(server, CDRS, cdr, "cursor")
    ids = [i.id for i in ampeco.paginate(cdrs_listing, client=client, per_page=40, limit=limit)]
    assert ids == list(range(min(limit, N)))
    assert len(app.requests) == requests


def test_limit_applies_to_pages_too(server: LoopbackServer, client: Client) -> None:
    app = serve(server, VENDORS, vendor, "page")
    pages = list(ampeco.paginate(vendors_listing, client=client, per_page=40, limit=50).pages())
    assert [len(p.items) for p in pages] == [40, 10]
    assert len(app.requests) == 2


def test_repeated_cursor_raises_instead_of_looping(server: LoopbackServer, client: Client) -> None:
    app = serve(server, CDRS, cdr, "cursor", repeat_cursor_after=3)
    seen: list[int] = []
    with pytest.raises(ampeco.PaginationError, match=r"returned cursor .* again"):
        for item in ampeco.paginate(cdrs_listing, client=client, per_page=40):
            seen.append(item.id)
    assert len(app.requests) == 3  # caught on the first repeat, without another request
    assert seen == list(range(120))


def test_page_mode_never_repeats_items_when_rows_shift(server: LoopbackServer, client: Client) -> None:
    # Five rows are inserted at the front once page 1 is served: offset pages now start five rows later.
    serve(server, VENDORS, vendor, "page", insert_after_first_page=[vendor(1000 + i) for i in range(5)])
    ids = [v.id for v in ampeco.paginate(vendors_listing, client=client, per_page=40)]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(range(N))  # the originals, each once; the new rows sit before our position


def test_server_answering_the_wrong_page_is_an_error(server: LoopbackServer, client: Client) -> None:
    stuck = {"data": [vendor(1)], "meta": {"current_page": 1, "last_page": 3, "per_page": 1}}
    server.app = Scripted(Reply(200, stuck))
    with pytest.raises(ampeco.PaginationError, match="asked for page 2 but the server returned page 1"):
        list(ampeco.paginate(vendors_listing, client=client, per_page=1))


def test_http_errors_surface_typed(server: LoopbackServer, client: Client) -> None:
    server.app = Scripted(Reply(403, {"message": "This action is unauthorized."}))
    with pytest.raises(ampeco.PermissionDeniedError, match="cdrs_listing"):
        next(iter(ampeco.paginate(cdrs_listing, client=client)))


def test_nothing_is_fetched_before_iteration(server: LoopbackServer, client: Client) -> None:
    app = serve(server, CDRS, cdr, "cursor")
    pager = ampeco.paginate(cdrs_listing, client=client)
    assert app.requests == []
    assert next(iter(pager)).id == 0
    assert len(app.requests) == 1


# -- bad input -----------------------------------------------------------------------------------------


def test_bad_arguments_raise_clear_typed_errors(client: ampeco.Client) -> None:
    with pytest.raises(TypeError, match=r"cdrs_listing does not accept 'colour'.*per_page"):
        ampeco.paginate(cdrs_listing, client=client, colour="red")
    with pytest.raises(TypeError, match="paginates by cursor only"):
        ampeco.paginate(cdrs_listing, client=client, page=2)
    with pytest.raises(TypeError, match="paginates by page number only"):
        ampeco.paginate(vendors_listing, client=client, cursor="abc")
    with pytest.raises(TypeError, match="not both"):
        ampeco.paginate(users_listing, client=client, cursor="abc", page=2)
    with pytest.raises(TypeError, match="not a paginated listing"):
        ampeco.paginate(charge_point_vendor_read, client=client)
    with pytest.raises(TypeError, match="generated listing module"):
        ampeco.paginate("cdrs_listing", client=client)
    with pytest.raises(ValueError, match="limit"):
        ampeco.paginate(cdrs_listing, client=client, limit=-1)
    with pytest.raises(ValueError, match="page must be"):
        ampeco.paginate(users_listing, client=client, page=0)
    with pytest.raises(TypeError, match="async client"):
        ampeco.apaginate(cdrs_listing, client=client)
    with pytest.raises(ValueError, match="concurrency"):
        ampeco.apaginate(cdrs_listing, client=AsyncClient("acme.ampeco.tech", token=TOKEN), concurrency=0)
    with pytest.raises(TypeError, match="sync client"):
        ampeco.paginate(cdrs_listing, client=AsyncClient("acme.ampeco.tech", token=TOKEN))


# -- async walks ---------------------------------------------------------------------------------------


async def test_async_cursor_walk(server: LoopbackServer, aclient: AsyncClient) -> None:
    app = serve(server, CDRS, cdr, "cursor")
    ids = [item.id async for item in ampeco.apaginate(cdrs_listing, client=aclient, per_page=40)]
    assert ids == list(range(N))
    assert len(app.requests) == 7
    assert app.max_in_flight == 1  # cursors are sequential by nature


async def test_async_both_listing_walks_by_cursor(
    server: LoopbackServer, aclient: ampeco.AsyncClient
) -> None:
    app = serve(server, USERS, user, "both")
    ids = [u.id async for u in ampeco.apaginate(users_listing.asyncio_detailed, client=aclient, per_page=40)]
    assert ids == [str(i) for i in range(N)]
    assert app.requests[0]["cursor"] == ""


async def test_async_page_mode_is_concurrent_and_keeps_order(
    server: LoopbackServer, aclient: ampeco.AsyncClient
) -> None:
    # Later pages answer faster, so responses arrive out of order; items must not.
    app = serve(server, VENDORS, vendor, "page", n=300, latency_for_page=lambda page: 0.005 * (12 - page))
    pager = ampeco.apaginate(vendors_listing, client=aclient, per_page=25, concurrency=4)
    ids = [v.id async for v in pager]
    assert ids == list(range(300))
    assert sorted(int(r["page"]) for r in app.requests) == list(range(1, 13))  # each page once
    assert 2 <= app.max_in_flight <= 4
    assert pager.finished


async def test_async_concurrency_respects_limit(server: LoopbackServer, aclient: AsyncClient) -> None:
    app = serve(server, VENDORS, vendor, "page")
    pager = ampeco.apaginate(vendors_listing, client=aclient, per_page=40, limit=85, concurrency=8)
    ids = [v.id async for v in pager]
    assert ids == list(range(85))
    assert sorted(r["page"] for r in app.requests) == ["1", "2", "3"]


async def test_async_pages_and_resume(server: LoopbackServer, aclient: AsyncClient) -> None:
    serve(server, VENDORS, vendor, "page")
    pages = [p async for p in ampeco.apaginate(vendors_listing, client=aclient, per_page=100).pages()]
    assert [(p.number, p.last_page, len(p.items)) for p in pages] == [(1, 3, 100), (2, 3, 100), (3, 3, 50)]
    assert pages[0].total == N
    pager = ampeco.apaginate(vendors_listing, client=aclient, per_page=100, limit=100)
    first = [v.id async for v in pager]
    rest = [
        v.id async for v in ampeco.apaginate(vendors_listing, client=aclient, per_page=100, page=pager.page)
    ]
    assert first + rest == list(range(N))


async def test_async_early_exit_cancels_outstanding_requests(
    server: LoopbackServer, aclient: ampeco.AsyncClient
) -> None:
    serve(server, VENDORS, vendor, "page", latency=0.01)
    pager = ampeco.apaginate(vendors_listing, client=aclient, per_page=10, concurrency=4)
    pages = pager.pages()
    got = [await anext(pages), await anext(pages)]
    await pages.aclose()  # leaves no task behind (pytest-asyncio would warn about pending tasks)
    assert [p.number for p in got] == [1, 2]


async def test_async_repeated_cursor_raises(server: LoopbackServer, aclient: AsyncClient) -> None:
    serve(server, CDRS, cdr, "cursor", repeat_cursor_after=2)
    with pytest.raises(ampeco.PaginationError):
        [i async for i in ampeco.apaginate(cdrs_listing, client=aclient, per_page=40)]
