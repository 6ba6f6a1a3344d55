"""Walks end on servers that would make them loop forever, dual listings go on the wire in cursor mode
from the first request, and plain-dict filters are checked against the listing's filter model.

Every walk runs against a real loopback server (hostile listing apps below, or the recorder).
"""

from __future__ import annotations

import datetime
import enum
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import attrs
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

import ampeco
import ampeco_public_api.api as api_package
from ampeco import InvalidParameterError
from ampeco._constants import MAX_CONSECUTIVE_EMPTY_PAGES
from ampeco._filters import _fields, _fold, to_filter_model
from ampeco._types import Unset
from ampeco_public_api.api.resource_cdrs import cdrs_listing
from ampeco_public_api.api.resource_charge_point_vendors import (
    charge_point_vendors_listing as vendors_listing,
)
from ampeco_public_api.api.resource_sessions import sessions_listing
from ampeco_public_api.api.resource_users import users_listing
from ampeco_public_api.models.session_filter import SessionFilter
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, ListingApp, cdr, user, vendor
from tests.support.recorder import Recorder

CDRS = "/public-api/resources/cdrs/v2.0"
VENDORS = "/public-api/resources/charge-point-vendors/v1.0"
USERS = "/public-api/resources/users/v1.0"
# The hostile servers end the listing after this many requests, so a walk without the guards fails its
# test instead of hanging it.
GIVE_UP_AFTER = 50
EMPTY_CURSOR_PAGE: dict[str, Any] = {
    "data": [],
    "links": {"first": None, "last": None, "prev": None, "next": None},
    "meta": {"path": "x", "per_page": 100, "next_cursor": None, "prev_cursor": None},
}


@pytest.fixture
def client(server: LoopbackServer) -> ampeco.Client:
    with ampeco.Client(server.url, token=TOKEN, max_retries=0) as client:
        yield client


@pytest.fixture
async def aclient(server: LoopbackServer) -> ampeco.AsyncClient:
    async with ampeco.AsyncClient(server.url, token=TOKEN, max_retries=0) as client:
        yield client


class HostileCursors:
    """A cursor listing whose n-th page (0-based) is ``pages(n)``, always with a fresh next cursor."""

    def __init__(self, pages: Callable[[int], list[dict[str, Any]]], last: int | None = None) -> None:
        self.pages = pages
        self.last = last
        self.requests: list[dict[str, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = dict(Request(scope, receive).query_params)
        self.requests.append(query)
        n = len(self.requests) - 1
        last = min(self.last, GIVE_UP_AFTER) if self.last is not None else GIVE_UP_AFTER
        next_cursor = None if n >= last else f"cursor-{n + 1}"
        body = {
            "data": self.pages(n),
            "links": {"first": None, "last": None, "prev": None, "next": None},
            "meta": {"path": CDRS, "per_page": 100, "next_cursor": next_cursor, "prev_cursor": None},
        }
        await JSONResponse(body)(scope, receive, send)


class HostilePages:
    """A page listing claiming ``last_page`` pages, whose page ``n`` (1-based) holds ``pages(n)``."""

    def __init__(self, pages: Callable[[int], list[dict[str, Any]]], last_page: int = 10**9) -> None:
        self.pages = pages
        self.last_page = last_page
        self.requests: list[dict[str, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = dict(Request(scope, receive).query_params)
        self.requests.append(query)
        page = int(query.get("page", "1"))
        last_page = page if len(self.requests) >= GIVE_UP_AFTER else self.last_page
        body = {
            "data": self.pages(page),
            "links": {"first": None, "last": None, "prev": None, "next": f"{VENDORS}?page={page + 1}"},
            "meta": {
                "current_page": page,
                "last_page": last_page,
                "per_page": 100,
                "total": self.last_page * 100,
                "path": VENDORS,
                "links": [],
            },
        }
        await JSONResponse(body)(scope, receive, send)


# -- loops refused ------------------------------------------------------------------------------------


def test_empty_pages_under_fresh_cursors_stop(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = app = HostileCursors(lambda n: [])
    with pytest.raises(ampeco.PaginationError, match=f"{MAX_CONSECUTIVE_EMPTY_PAGES} pages in a row"):
        list(ampeco.paginate(cdrs_listing, client=client))
    assert len(app.requests) == MAX_CONSECUTIVE_EMPTY_PAGES


def test_the_same_items_under_new_cursors_stop(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = app = HostileCursors(lambda n: [cdr(0), cdr(1)])
    seen: list[int] = []
    with pytest.raises(ampeco.PaginationError, match="same 2 items again under a new cursor"):
        seen.extend(item.id for item in ampeco.paginate(cdrs_listing, client=client))
    assert seen == [0, 1]  # handed out once
    assert len(app.requests) == 2


def test_a_repeating_sequence_of_pages_stops(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = HostileCursors(lambda n: [cdr(n % 2 * 10), cdr(n % 2 * 10 + 1)])  # A, B, A, B, ...
    seen: list[int] = []
    with pytest.raises(ampeco.PaginationError, match="again under a new cursor"):
        seen.extend(item.id for item in ampeco.paginate(cdrs_listing, client=client))
    assert seen == [0, 1, 10, 11]


def test_a_few_empty_pages_before_data_are_fine(server: LoopbackServer, client: ampeco.Client) -> None:
    gaps = MAX_CONSECUTIVE_EMPTY_PAGES - 1
    server.app = HostileCursors(lambda n: [cdr(n)] if n >= gaps else [], last=gaps + 2)
    assert [item.id for item in ampeco.paginate(cdrs_listing, client=client)] == [gaps, gaps + 1, gaps + 2]


def test_a_huge_last_page_with_empty_pages_stops(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = app = HostilePages(lambda n: [vendor(1)] if n == 1 else [])
    seen: list[int] = []
    with pytest.raises(ampeco.PaginationError, match="last_page=1000000000"):
        seen.extend(v.id for v in ampeco.paginate(vendors_listing, client=client))
    assert seen == [1]
    assert len(app.requests) == 1 + MAX_CONSECUTIVE_EMPTY_PAGES


def test_the_same_items_on_every_page_stop(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = app = HostilePages(lambda n: [vendor(1), vendor(2)])
    seen: list[int] = []
    with pytest.raises(ampeco.PaginationError, match="no new item"):
        seen.extend(v.id for v in ampeco.paginate(vendors_listing, client=client))
    assert seen == [1, 2]
    assert len(app.requests) == 1 + MAX_CONSECUTIVE_EMPTY_PAGES


async def test_async_walks_stop_too(server: LoopbackServer, aclient: ampeco.AsyncClient) -> None:
    server.app = app = HostilePages(lambda n: [vendor(1)] if n == 1 else [])
    with pytest.raises(ampeco.PaginationError):
        async for _ in ampeco.apaginate(vendors_listing, client=aclient, concurrency=4):
            pass
    assert len(app.requests) <= 1 + MAX_CONSECUTIVE_EMPTY_PAGES + 4  # at most one window in flight
    server.app = cursors = HostileCursors(lambda n: [])
    with pytest.raises(ampeco.PaginationError):
        async for _ in ampeco.apaginate(cdrs_listing, client=aclient):
            pass
    assert len(cursors.requests) == MAX_CONSECUTIVE_EMPTY_PAGES


# -- dual listings: cursor mode on the wire from the first request ---------------------------------------


def _dual_listings() -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(api_package.__path__, api_package.__name__ + "."):
        module = importlib.import_module(info.name)
        function = getattr(module, "sync_detailed", None)
        if function is not None:
            parameters = inspect.signature(function).parameters
            if "cursor" in parameters and "page" in parameters:
                found.append(module)
    return found


DUAL_LISTINGS = _dual_listings()


def test_there_are_13_dual_listings() -> None:
    assert len(DUAL_LISTINGS) == 13


@pytest.mark.parametrize("listing", DUAL_LISTINGS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_dual_listing_walks_by_cursor_without_page(
    server: LoopbackServer, client: ampeco.Client, listing: ModuleType
) -> None:
    server.app = recorder = Recorder(reply=EMPTY_CURSOR_PAGE)
    assert list(ampeco.paginate(listing, client=client)) == []
    pairs = parse_qsl(recorder.last.query_string, keep_blank_values=True)
    assert ("cursor", "") in pairs
    assert "page" not in dict(pairs)


@pytest.mark.parametrize("listing", DUAL_LISTINGS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_dual_listing_first_request_is_exactly_an_empty_cursor(
    server: LoopbackServer, client: ampeco.Client, listing: ModuleType
) -> None:
    server.app = recorder = Recorder(reply=EMPTY_CURSOR_PAGE)
    list(ampeco.paginate(listing, client=client))
    assert recorder.last.query_string == "cursor="


def test_dual_listing_walk_never_sends_page(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = app = ListingApp(USERS, [user(i) for i in range(25)], mode="both")
    ids = [u.id for u in ampeco.paginate(users_listing, client=client, per_page=10)]
    assert ids == [str(i) for i in range(25)]
    assert len(app.requests) == 3
    assert app.requests[0]["cursor"] == ""
    assert all("page" not in query for query in app.requests)


# -- dict filters ---------------------------------------------------------------------------------------

AWARE = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


def _filter_pairs(recorder: Recorder) -> list[tuple[str, str]]:
    pairs = parse_qsl(recorder.last.query_string, keep_blank_values=True)
    return sorted(pair for pair in pairs if pair[0].startswith("filter"))


@pytest.mark.parametrize(
    "given",
    [
        {"started_after": AWARE, "user_id": 5, "roaming": {"roaming_operator_cpo_ids": [7, 8]}},
        {
            "startedAfter": "2024-05-01T12:00:00+00:00",
            "userId": 5,
            "roaming": {"roamingOperatorCpoIds": [7, 8]},
        },
    ],
    ids=["snake_case", "camelCase"],
)
def test_dict_filter_keys_become_the_models_wire_names(
    server: LoopbackServer, client: ampeco.Client, given: dict[str, Any]
) -> None:
    server.app = recorder = Recorder(reply=EMPTY_CURSOR_PAGE)
    list(ampeco.paginate(sessions_listing, client=client, filter_=given))
    assert _filter_pairs(recorder) == [
        ("filter[roaming][roamingOperatorCpoIds][]", "7"),
        ("filter[roaming][roamingOperatorCpoIds][]", "8"),
        ("filter[startedAfter]", "2024-05-01T12:00:00+00:00"),
        ("filter[userId]", "5"),
    ]


def test_the_filter_model_stays_the_typed_way(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = recorder = Recorder(reply=EMPTY_CURSOR_PAGE)
    list(ampeco.paginate(sessions_listing, client=client, filter_=SessionFilter(started_after=AWARE)))
    assert _filter_pairs(recorder) == [("filter[startedAfter]", "2024-05-01T12:00:00+00:00")]


def test_dot_notation_into_free_form_fields_is_kept(server: LoopbackServer, client: ampeco.Client) -> None:
    server.app = recorder = Recorder(reply=EMPTY_CURSOR_PAGE)
    list(ampeco.paginate(sessions_listing, client=client, filter_={"external_app_data.crm.id": "42"}))
    assert _filter_pairs(recorder) == [("filter[externalAppData.crm.id]", "42")]


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        ({"start_date_time_from": AWARE}, "unknown filter key filter['start_date_time_from']"),
        ({"roaming": {"cpo": [7]}}, "unknown filter key filter[roaming]['cpo']"),
        ({"started_after": 5}, "filter.startedAfter"),
        ({"started_after": AWARE, "startedAfter": AWARE}, "given twice"),
    ],
)
def test_bad_dict_filters_are_refused_before_sending(
    server: LoopbackServer, client: ampeco.Client, given: dict[str, Any], fragment: str
) -> None:
    server.app = recorder = Recorder(reply=EMPTY_CURSOR_PAGE)
    with pytest.raises(InvalidParameterError) as info:
        ampeco.paginate(sessions_listing, client=client, filter_=given)
    assert isinstance(info.value, ValueError)
    assert fragment in str(info.value)
    assert "sessions_listing" in str(info.value)
    assert recorder.requests == []


def test_unknown_keys_name_the_accepted_ones(client: ampeco.Client) -> None:
    with pytest.raises(ValueError) as info:
        ampeco.paginate(sessions_listing, client=client, filter_={"start_date_time_from": AWARE})
    message = str(info.value)
    assert "started_after (startedAfter)" in message
    assert "user_id (userId)" in message
    assert "status" in message


async def test_async_dict_filters_are_checked(aclient: ampeco.AsyncClient) -> None:
    with pytest.raises(InvalidParameterError, match="start_date_time_from"):
        ampeco.apaginate(sessions_listing, client=aclient, filter_={"start_date_time_from": AWARE})


# Every filter model of every listing: each field accepted under both spellings, nothing else.


def _filter_models() -> list[type]:
    from ampeco._filters import filter_model_of

    models: dict[str, type] = {}
    for info in pkgutil.walk_packages(api_package.__path__, api_package.__name__ + "."):
        module = importlib.import_module(info.name)
        function = getattr(module, "sync_detailed", None)
        model = filter_model_of(function) if function is not None else None
        if model is not None:
            models[model.__name__] = model
    return [models[name] for name in sorted(models)]


FILTER_MODELS = _filter_models()


def _sample(annotation: Any) -> Any:
    """A JSON-ready value of the field's type, for one-field filters."""
    options = [a for a in typing.get_args(annotation) if a is not Unset and a is not type(None)] or [
        annotation
    ]
    kind = options[0]
    origin = typing.get_origin(kind)
    if origin is list:
        return [_sample(typing.get_args(kind)[0])]
    if isinstance(kind, type):
        if issubclass(kind, bool):
            return True
        if issubclass(kind, enum.Enum):
            return next(iter(kind)).value
        if issubclass(kind, datetime.datetime):
            return AWARE
        if issubclass(kind, datetime.date):
            return AWARE.date()
        if issubclass(kind, int):
            return 3
        if issubclass(kind, float):
            return 1.5
        if issubclass(kind, str):
            return "x"
        if attrs.has(kind):
            return {}
    return "x"


def test_there_are_filter_models() -> None:
    assert len(FILTER_MODELS) >= 50


@pytest.mark.parametrize("model", FILTER_MODELS, ids=lambda m: m.__name__)
def test_every_filter_field_is_accepted_in_both_spellings(model: type) -> None:
    fields = _fields(model)
    python_names = [f.name for f in attrs.fields(model) if f.name != "additional_properties"]
    wire_names = model.__ampeco_fields__  # type: ignore[attr-defined]
    assert sorted(fields.python_of.values()) == sorted(python_names)  # every field has a wire name
    assert sorted(fields.python_of) == sorted(wire_names)
    assert len({_fold(n) for n in wire_names}) == len(wire_names)  # spellings never collide
    hints = typing.get_type_hints(model, vars(importlib.import_module(model.__module__)), _models_namespace())
    for wire, python in fields.python_of.items():
        value = _sample(hints[python])
        for key in {python, wire}:
            built = to_filter_model(model, {key: value}, operation="listing")
            assert not isinstance(getattr(built, python), Unset), (model.__name__, key)
            assert built.additional_properties == {}
    with pytest.raises(InvalidParameterError, match="unknown filter key"):
        to_filter_model(model, {"no_such_filter_key": 1}, operation="listing")


def _models_namespace() -> dict[str, Any]:
    from ampeco._filters import _ModelNamespace

    return _ModelNamespace()
