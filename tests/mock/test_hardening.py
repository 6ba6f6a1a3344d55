"""Hostile input gets a 4xx, never a 500, and never costs the tenant unbounded memory (issue 16, item 9)."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport
from ampeco.mock._app import MAX_BODY_BYTES
from tests.support.loopback import serve

LOCATIONS = "/public-api/resources/locations/v2.0"
CHARGE_POINTS = "/public-api/resources/charge-points/v2.0"
USERS = "/public-api/resources/users/v1.0"
AUTH = {"Authorization": "Bearer mock-token"}


def _client(tenant: MockTenant) -> httpx.Client:
    return httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL, headers=AUTH)


@pytest.fixture(scope="module")
def tenant() -> MockTenant:
    return MockTenant(seed=5)


# -- deeply nested bodies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b'{"name": ' + b"[" * 100_000,  # deep and truncated
    ],
    ids=["arrays", "objects", "truncated"],
)
def test_a_body_nested_100000_deep_is_422(tenant: MockTenant, content: bytes) -> None:
    with _client(tenant) as client:
        response = client.post(LOCATIONS, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert list(response.json()["errors"]) == ["body"]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(depth=st.integers(min_value=1, max_value=3000), opener=st.sampled_from(["[", '{"k":']))
def test_any_nesting_depth_is_answered_without_a_server_error(
    tenant: MockTenant, depth: int, opener: str
) -> None:
    closer = "]" if opener == "[" else "}"
    content = (opener * depth + "1" + closer * depth).encode()
    with _client(tenant) as client:
        response = client.post(LOCATIONS, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422  # never a location, whatever the depth
    if depth > 32:
        assert "nested deeper" in response.json()["errors"]["body"][0]


def test_a_number_beyond_float_range_is_422_not_infinity(tenant: MockTenant) -> None:
    body = {"name": [{"locale": "en", "translation": "x"}], "geoposition": {"latitude": 1, "longitude": 2}}
    content = json.dumps(body).replace('"latitude": 1', '"latitude": 1e400').encode()
    with _client(tenant) as client:
        response = client.post(LOCATIONS, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["The request body is not valid JSON."]}


def test_a_query_key_nested_beyond_the_limit_is_422(tenant: MockTenant) -> None:
    key = "filter" + "[a]" * 100
    with _client(tenant) as client:
        response = client.get(CHARGE_POINTS, params={key: "1"})
    assert response.status_code == 422
    assert "nested deeper" in response.json()["errors"]["filter"][0]


# -- cursors --------------------------------------------------------------------------------------


def _encode(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _cursor_operations(tenant: MockTenant) -> list[str]:
    return sorted(
        operation.path
        for operation in tenant.operations()
        if operation.method == "get"
        and "{" not in operation.path
        and any(p.name == "cursor" for p in operation.parameters)
    )


@pytest.mark.parametrize(
    "cursor",
    [
        base64.urlsafe_b64encode(b'{"offset": 1e400, "_pointsToNextItems": true}').decode(),
        base64.urlsafe_b64encode(b'{"id": 1e400, "_pointsToNextItems": true}').decode(),
        _encode({"id": 3}),
        _encode({"id": True, "_pointsToNextItems": True}),
        _encode({"id": [1], "_pointsToNextItems": True}),
        _encode({"id": 3, "_pointsToNextItems": "yes"}),
        _encode([1, 2]),
        "not base64 at all!",
        "%%%",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        base64.urlsafe_b64encode(b"[" * 5000).decode(),
    ],
)
def test_every_malformed_cursor_is_422_on_every_cursor_listing(tenant: MockTenant, cursor: str) -> None:
    with _client(tenant) as client:
        for path in _cursor_operations(tenant):
            response = client.get(path, params={"cursor": cursor})
            assert response.status_code == 422, (path, response.text)
            assert list(response.json()["errors"]) == ["cursor"], path


def test_the_cursor_listings_are_all_found(tenant: MockTenant) -> None:
    assert len(_cursor_operations(tenant)) >= 13


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    cursor=st.one_of(
        st.text(max_size=40),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
            ),
            max_leaves=6,
        ).map(lambda payload: base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()),
        st.fixed_dictionaries(
            {"id": st.integers() | st.text(max_size=8), "_pointsToNextItems": st.booleans()}
        ).map(_encode),
    )
)
def test_any_cursor_is_a_page_or_a_422(tenant: MockTenant, cursor: str) -> None:
    with _client(tenant) as client:
        response = client.get(CHARGE_POINTS, params={"cursor": cursor, "per_page": 2})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert list(response.json()["errors"]) == ["cursor"]


# -- keyset cursors -------------------------------------------------------------------------------


def _walk(client: httpx.Client, path: str, per_page: int, between_pages: Any = None) -> list[Any]:
    seen: list[Any] = []
    url: str | None = path
    params: dict[str, Any] | None = {"per_page": per_page, "cursor": ""}
    while url:
        body = client.get(url, params=params).json()
        params = None
        seen += [item["id"] for item in body["data"]]
        if between_pages is not None:
            between_pages(seen)
        url = body["links"]["next"]
    return seen


def test_deleting_an_already_listed_record_skips_nothing() -> None:
    tenant = MockTenant(seed=1)
    with _client(tenant) as client:
        deleted: list[Any] = []

        def delete_first_seen(seen: list[Any]) -> None:
            if not deleted:
                deleted.append(seen[0])
                assert client.delete(f"{CHARGE_POINTS}/{seen[0]}").status_code == 204

        assert _walk(client, CHARGE_POINTS, 2, delete_first_seen) == [1, 2, 3, 4, 5, 6]
        assert [item["id"] for item in client.get(CHARGE_POINTS).json()["data"]] == [2, 3, 4, 5, 6]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    per_page=st.integers(1, 4), deletions=st.lists(st.integers(0, 20), max_size=6), created=st.integers(0, 3)
)
def test_a_walk_sees_every_surviving_record_exactly_once(
    per_page: int, deletions: list[int], created: int
) -> None:
    """Deleting any records (listed or not) and creating new ones during a walk never skips or repeats."""
    tenant = MockTenant(seed=2, network=False, auto_records=6)
    with _client(tenant) as client:
        original = [item["id"] for item in client.get(USERS, params={"per_page": 100}).json()["data"]]
        assert len(original) == 6
        removed: set[Any] = set()
        pending = list(deletions)

        def mutate(seen: list[Any]) -> None:
            nonlocal created
            if pending:
                victim = original[pending.pop() % len(original)]
                if victim not in removed:
                    removed.add(victim)
                    assert client.delete(f"{USERS}/{victim}").status_code == 204
            if created:
                created -= 1
                new = {"email": f"driver{created}@example.org", "password": "secret-1"}
                assert client.post(USERS, json=new).status_code == 201

        seen = _walk(client, USERS, per_page, mutate)
    assert len(seen) == len(set(seen)), seen
    survivors = [record_id for record_id in original if record_id not in removed]
    assert set(survivors) <= set(seen)
    assert seen == sorted(seen, key=int)


def test_walking_backwards_returns_the_previous_page() -> None:
    tenant = MockTenant(seed=1)
    with _client(tenant) as client:
        first = client.get(CHARGE_POINTS, params={"per_page": 4}).json()
        second = client.get(first["links"]["next"]).json()
        assert [item["id"] for item in second["data"]] == [5, 6]
        back = client.get(second["links"]["prev"]).json()
        assert [item["id"] for item in back["data"]] == [1, 2, 3, 4]
        assert back["meta"]["prev_cursor"] is None and back["meta"]["next_cursor"] is not None


# -- body size cap --------------------------------------------------------------------------------


def test_the_default_cap_is_10_mb() -> None:
    assert MAX_BODY_BYTES == 10 * 1024 * 1024
    assert MockTenant(network=False).max_body_bytes == MAX_BODY_BYTES


def test_a_declared_length_over_the_cap_is_413_before_the_body_is_read() -> None:
    tenant = MockTenant(network=False, max_body_bytes=1024)
    received: list[dict[str, Any]] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        message = {"type": "http.request", "body": b"x" * 512, "more_body": True}
        received.append(message)
        return message

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _scope("POST", LOCATIONS, [(b"content-length", str(50 * 1024 * 1024).encode())])
    _run(tenant(scope, receive, send))
    assert sent[0]["status"] == 413
    assert received == []  # refused on the header alone


def test_a_streamed_body_over_the_cap_is_413_after_reading_no_more_than_the_cap() -> None:
    tenant = MockTenant(network=False, max_body_bytes=64 * 1024)
    chunk = b"x" * 4096
    received: list[int] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        received.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": True}  # an endless body

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    _run(tenant(_scope("POST", LOCATIONS, [(b"transfer-encoding", b"chunked")]), receive, send))
    assert sent[0]["status"] == 413
    assert sum(received) <= 64 * 1024 + len(chunk)
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert body == {"message": "The request body is larger than 65536 bytes."}


def test_a_body_at_the_cap_is_read_and_validated() -> None:
    tenant = MockTenant(network=False, max_body_bytes=2048)
    with _client(tenant) as client:
        at_cap = client.post(
            LOCATIONS, content=b" " * 2046 + b"{}", headers={"content-type": "application/json"}
        )
        over = client.post(
            LOCATIONS, content=b" " * 2047 + b"{}", headers={"content-type": "application/json"}
        )
    assert at_cap.status_code == 422  # read, then validated (required fields missing)
    assert over.status_code == 413


def test_an_oversized_body_over_loopback_is_413_and_the_server_keeps_serving() -> None:
    tenant = MockTenant(network=False, max_body_bytes=1024)
    with serve(tenant) as url, httpx.Client(base_url=url, headers=AUTH, timeout=10) as client:
        response = client.post(LOCATIONS, content=b"x" * 4096, headers={"content-type": "application/json"})
        assert response.status_code == 413
        assert response.json() == {"message": "The request body is larger than 1024 bytes."}
        assert client.get(CHARGE_POINTS).status_code == 200


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"mock.ampeco.test"), (b"authorization", b"Bearer mock-token"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("mock.ampeco.test", 443),
    }


def _run(awaitable: Any) -> None:
    import asyncio

    asyncio.run(awaitable)
