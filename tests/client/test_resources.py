"""The resource layer on the wire: ``client.cdrs.list(...)``, ``client.charge_points.read(1)`` and friends.

Against the mock tenant (real routing, state and pagination) and a real loopback server (scripted
replies, recorded requests): typed items and objects, pagers, raw responses, ``None`` for bodiless
operations, deprecation warnings, a missing ``data``, and the per-call options with retries and typed
errors still in force. Model classes are taken from the methods' own annotations, not hard-coded.
"""

from __future__ import annotations

import typing
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import ampeco
from ampeco.testing._session import MockSession
from ampeco_public_api.resources.cdrs import Cdrs
from ampeco_public_api.resources.charge_point_vendors import ChargePointVendors
from ampeco_public_api.resources.charge_points import ChargePoints
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, VENDOR, ListingApp, Reply, Scripted, cdr, vendor

CDRS = "/public-api/resources/cdrs/v2.0"
VENDORS = "/public-api/resources/charge-point-vendors/v1.0"


def model_of(method: Callable[..., Any], parameter: str = "return") -> type[Any]:
    """The model class a resource method's annotation names (``X``, ``X | Unset``, ``SyncPager[X]``)."""
    hint = typing.get_type_hints(method)[parameter]
    for candidate in (hint, *typing.get_args(hint)):
        candidate = typing.get_origin(candidate) or candidate
        if isinstance(candidate, type) and hasattr(candidate, "from_dict"):
            return candidate
        for inner in typing.get_args(candidate) or typing.get_args(hint):
            if isinstance(inner, type) and hasattr(inner, "from_dict"):
                return inner
    raise AssertionError(f"no model in {hint!r}")


# -- against the mock tenant ---------------------------------------------------------------------------


def test_list_yields_typed_items_lazily_and_read_returns_the_object(ampeco_mock: MockSession) -> None:
    client = ampeco_mock.client
    charge_points = list(client.charge_points.list(limit=3))
    assert len(charge_points) == 3
    item_class = model_of(ChargePoints.list)
    assert all(isinstance(charge_point, item_class) for charge_point in charge_points)

    charge_point = client.charge_points.read(charge_points[0].id)
    assert isinstance(charge_point, model_of(ChargePoints.read))
    assert charge_point.id == charge_points[0].id
    raw = client.charge_points.with_raw_response.read(charge_points[0].id)
    assert raw.status_code == 200
    assert raw.parsed.data == charge_point


def test_sub_resources_take_the_parent_id_positionally(ampeco_mock: MockSession) -> None:
    client = ampeco_mock.client
    charge_point = next(iter(client.charge_points.list(limit=1)))
    evses = list(client.charge_points.evses.list(charge_point.id))
    assert evses
    evse = client.charge_points.evses.read(charge_point.id, evses[0].id)
    assert evse.id == evses[0].id


def test_create_update_delete_round_trip(ampeco_mock: MockSession) -> None:
    vendors = ampeco_mock.client.charge_point_vendors
    body = model_of(ChargePointVendors.create, "body").from_dict({"name": "ACME"})
    created = vendors.create(body=body)
    assert created.name == "ACME"
    changes = model_of(ChargePointVendors.update, "body").from_dict({"name": "ACME 2"})
    assert vendors.update(created.id, body=changes).name == "ACME 2"
    assert vendors.delete(created.id) is None
    with pytest.raises(ampeco.NotFoundError):
        vendors.read(created.id)


def test_deprecated_operations_work_and_warn_at_the_callers_line(ampeco_mock: MockSession) -> None:
    client = ampeco_mock.client
    replaced = r"client\.charge_points\.deprecated\.list .*; use client\.charge_points\.list"
    with pytest.warns(DeprecationWarning, match=replaced) as caught:
        old = list(client.charge_points.deprecated.list(limit=2))
    assert len(old) == 2
    assert [warning.filename for warning in caught] == [__file__]
    with pytest.warns(DeprecationWarning):
        client.charge_points.deprecated.with_raw_response.read(old[0].id)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.charge_points.read(old[0].id)  # the current operation does not warn


async def test_async_twins(ampeco_mock: MockSession) -> None:
    client = ampeco_mock.async_client
    charge_points = [charge_point async for charge_point in client.charge_points.list(limit=2)]
    assert len(charge_points) == 2
    charge_point = await client.charge_points.read(charge_points[0].id)
    assert charge_point.id == charge_points[0].id
    raw = await client.charge_points.with_raw_response.read(charge_points[0].id)
    assert raw.parsed.data == charge_point
    pages = [page async for page in client.cdrs.list(per_page=2, limit=3).pages()]
    assert [len(page.items) for page in pages] == [2, 1]


# -- on a loopback server ------------------------------------------------------------------------------------


def test_pager_pages_resumes_by_cursor_and_sends_the_filters_on_every_page(server: LoopbackServer) -> None:
    server.app = app = ListingApp(CDRS, [cdr(i) for i in range(1, 8)], mode="cursor")
    with ampeco.Client(server.url, token=TOKEN) as client:
        pager = client.cdrs.list(per_page=3, extra_query={"probe": "1"})
        seen = []
        for item in pager:
            seen.append(item.id)
            if len(seen) == 4:
                break
        first_walk = list(app.requests)
        resumed = [item.id for item in client.cdrs.list(per_page=3, cursor=pager.cursor)]
        pages = list(client.cdrs.list(per_page=3).pages())
    assert seen == [1, 2, 3, 4]
    assert resumed == [4, 5, 6, 7]  # resumes at the page holding the next item: never skips
    assert [len(page.items) for page in pages] == [3, 3, 1]
    assert len(first_walk) == 2  # lazily: the third page was never fetched
    assert all(query["per_page"] == "3" and query["probe"] == "1" for query in first_walk)
    assert all(query["per_page"] == "3" for query in app.requests)


def test_page_mode_listings_start_at_a_page(server: LoopbackServer) -> None:
    server.app = ListingApp(VENDORS, [vendor(i) for i in range(1, 6)], mode="page")
    with ampeco.Client(server.url, token=TOKEN) as client:
        assert [v.id for v in client.charge_point_vendors.list(per_page=2, page=2)] == [3, 4, 5]
        with pytest.raises(TypeError, match="cursor"):  # a page-only listing has no cursor= at all
            client.charge_point_vendors.list(cursor="abc")  # type: ignore[call-arg]


def test_raw_response_carries_status_headers_and_the_envelope(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(200, VENDOR, {"X-Request-Id": "req-1"}))
    with ampeco.Client(server.url, token=TOKEN) as client:
        raw = client.charge_point_vendors.with_raw_response.read(7)
        vendor_read = client.charge_point_vendors.read(7)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-1"
    assert raw.parsed.data == vendor_read
    assert vendor_read.id == 7


def test_an_envelope_without_data_raises_response_validation_error(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(200, {}))
    with ampeco.Client(server.url, token=TOKEN) as client:
        with pytest.raises(ampeco.ResponseValidationError) as raised:
            client.cdrs.read(1)
        assert client.cdrs.with_raw_response.read(1).parsed.data is ampeco.UNSET  # raw stays raw
    assert raised.value.operation == "cdr_read"
    assert raised.value.path == "$.data"
    assert raised.value.response.status_code == 200


def test_operations_without_a_body_return_none(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(204, None))
    with ampeco.Client(server.url, token=TOKEN) as client:
        assert client.charge_point_vendors.delete(7) is None
    assert app.calls[0].method == "DELETE"
    assert app.calls[0].path == f"{VENDORS}/7"


def test_extra_headers_and_extra_query_reach_the_wire_and_survive_retries(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(503, {"message": "busy"}, {"Retry-After": "0.001"}), Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN, max_retries=1) as client:
        result = client.charge_point_vendors.read(
            7, extra_headers={"X-Trace": "t-1"}, extra_query={"lang": "de"}
        )
    assert result.id == 7
    assert len(app.calls) == 2
    for call in app.calls:
        assert call.headers["x-trace"] == "t-1"
        assert call.query == {"lang": "de"}
        assert call.headers["authorization"] == f"Bearer {TOKEN}"


def test_extra_query_replaces_a_parameter_of_the_same_name(server: LoopbackServer) -> None:
    server.app = app = ListingApp(CDRS, [cdr(i) for i in range(1, 4)], mode="cursor")
    with ampeco.Client(server.url, token=TOKEN) as client:
        client.cdrs.with_raw_response.list(per_page=50, extra_query={"per_page": 2})
    assert app.requests == [{"per_page": "2"}]


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({"extra_headers": {"Authorization": "Bearer other"}}, "the API token is the client's"),
        ({"extra_headers": {"X-Count": 3}}, "extra_headers must map strings to strings"),
        ({"extra_query": {"when": object()}}, "extra_query['when'] must be a string, number or boolean"),
        ({"timeout": -1}, "timeout"),
    ],
)
def test_bad_per_call_options_raise_before_anything_is_sent(
    server: LoopbackServer, options: dict[str, Any], complaint: str
) -> None:
    server.app = app = Scripted(Reply(200, VENDOR))
    with (
        ampeco.Client(server.url, token=TOKEN) as client,
        pytest.raises(ampeco.InvalidParameterError) as raised,
    ):
        client.charge_point_vendors.read(7, **options)
    assert complaint in str(raised.value)
    assert raised.value.operation == "charge_point_vendor_read"
    assert app.calls == []


def test_a_per_call_timeout_applies_to_that_call_only_and_keeps_retries(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR, delay=0.4))
    with ampeco.Client(server.url, token=TOKEN, max_retries=1, timeout=5) as client:
        with pytest.raises(ampeco.APITimeoutError) as raised:
            client.charge_point_vendors.read(7, timeout=0.05)
        assert raised.value.attempts == 2  # a read timeout on GET is retried
        assert "timeout 0.05 s" in str(raised.value)
        assert client.charge_point_vendors.read(7).id == 7  # the client's own timeout is untouched
        assert client.timeout.total == 5
    assert len(app.calls) == 3


def test_typed_errors_come_through_resource_methods(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(404, {"message": "No query results"}))
    with (
        ampeco.Client(server.url, token=TOKEN, max_retries=0) as client,
        pytest.raises(ampeco.NotFoundError) as raised,
    ):
        client.cdrs.read(404)
    assert raised.value.operation == "cdr_read"


async def test_async_per_call_options(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR, delay=0.3))
    async with ampeco.AsyncClient(server.url, token=TOKEN, max_retries=0) as client:
        with pytest.raises(ampeco.APITimeoutError):
            await client.charge_point_vendors.read(7, timeout=ampeco.Timeout(0.05))
        result = await client.charge_point_vendors.read(7, extra_headers={"X-Trace": "a-1"})
    assert result.id == 7
    assert app.calls[-1].headers["x-trace"] == "a-1"


# -- how the clients expose resources ----------------------------------------------------------------------


def test_resources_are_created_once_per_client_and_copies_bind_their_own() -> None:
    client = ampeco.Client("http://127.0.0.1:9", token=TOKEN)
    assert client.cdrs is client.cdrs
    assert isinstance(client.cdrs, Cdrs)
    copy = client.with_options(max_retries=0)
    assert copy.cdrs is not client.cdrs
    assert copy.cdrs._client is copy
    assert "cdrs" in dir(client)
    assert "charge_points" in dir(ampeco.AsyncClient("http://127.0.0.1:9", token=TOKEN))
    with pytest.raises(AttributeError, match="no_such_resource"):
        client.no_such_resource  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError):
        client._nothing  # type: ignore[attr-defined]  # noqa: B018
    assert TOKEN not in repr(client.cdrs)
