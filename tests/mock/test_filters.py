"""Listing filters mean what the API means, on every listing and every filter key (issue 10).

Oracle: the unfiltered listing, narrowed in the test by the meaning the key's rule claims (equality,
membership, an inclusive date range, an exclusive numeric range). The filtered listing must be exactly
that narrowing, and a key no rule can honour must be named in ``X-Mock-Ignored-Filters``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ampeco._query import deep_object_query
from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport
from ampeco.mock._filters import IGNORED_HEADER, Rule
from ampeco.mock._operations import Operation

AUTH = {"Authorization": "Bearer mock-token"}
TENANT = MockTenant(seed=9)


def _listings() -> list[Operation]:
    return [
        operation
        for operation in TENANT.operations()
        if TENANT.resources.roles[operation.operation_id].kind == "list"
        and any(p.name == "filter" for p in operation.parameters)
    ]


LISTINGS = _listings()


def _client(tenant: MockTenant = TENANT) -> httpx.Client:
    return httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL, headers=AUTH)


def _url(operation: Operation) -> str:
    path = operation.path
    for parameter in operation.parameters:
        if parameter.location == "path":
            path = path.replace("{" + parameter.name + "}", "1")
    return path


def _filtered(client: httpx.Client, operation: Operation, value: dict[str, Any]) -> httpx.Response:
    params = deep_object_query(operation.operation_id, "filter", value)  # as the client encodes it
    return client.get(_url(operation), params=params)


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _probe(rule: Rule, item: dict[str, Any], declared: dict[str, Any]) -> tuple[Any, Any] | None:
    """A filter value taken from ``item`` (shaped as the key is declared) and the predicate the
    rule promises, or None if ``item`` offers no usable value."""
    held = item.get(rule.field)
    if held is None or isinstance(held, dict):
        return None
    if rule.kind in ("equal", "member"):
        member = held[0] if isinstance(held, list) and held else held
        if isinstance(member, list | dict) or member is None:
            return None
        size = 10 if declared.get("format") == "date" else None  # a date filter over date-times
        wanted = _text(member)[:size]

        def same(other: Any) -> bool:
            values = other if isinstance(other, list) else [other]
            return any(_text(value)[:size] == wanted for value in values)

        return ([member] if declared.get("type") == "array" else wanted), same
    if rule.kind in ("from", "to"):
        bound = _moment(held)
        if bound is None:
            return None

        def within(other: Any) -> bool:
            moment = _moment(other)
            return moment is not None and (moment >= bound if rule.kind == "from" else moment <= bound)

        return held, within
    if isinstance(held, bool) or not isinstance(held, int | float):
        return None
    bound_number = held - 1 if rule.kind == "above" else held + 1

    def beyond(other: Any) -> bool:
        if isinstance(other, bool) or not isinstance(other, int | float):
            return False
        return other > bound_number if rule.kind == "above" else other < bound_number

    return bound_number, beyond


def test_the_listings_with_filters_are_found() -> None:
    assert len(LISTINGS) >= 60


@pytest.mark.parametrize("operation", LISTINGS, ids=lambda operation: operation.key)
def test_every_filter_key_narrows_as_its_rule_says_or_is_reported(operation: Operation) -> None:
    rules = TENANT.filters.plan(operation)
    assert rules, "every filter schema has keys"
    parameter = next(p for p in operation.parameters if p.name == "filter")
    declared = TENANT.synth.flatten(parameter.schema)["properties"]
    with _client() as client:
        listed = client.get(_url(operation))
        if listed.status_code != 200:
            pytest.skip(f"{operation.key} answers {listed.status_code} without a stored parent")
        items = listed.json()["data"]
        for key, rule in rules.items():
            if rule is None:
                value = TENANT.synth.value(declared[key], TENANT.synth.rng(operation.key, key))
                response = _filtered(client, operation, {key: value})
                assert response.status_code == 200, (key, value, response.text)
                assert key in response.headers[IGNORED_HEADER].split(", "), key
                assert len(response.json()["data"]) == len(items)  # narrowed nothing
                continue
            if rule.kind == "nested":
                continue
            shape = TENANT.synth.flatten(declared[key])
            probe = next((found for item in items if (found := _probe(rule, item, shape)) is not None), None)
            if probe is None:
                continue
            value, predicate = probe
            response = _filtered(client, operation, {key: value})
            if response.status_code == 422:  # a stored value the filter schema does not allow (enums)
                assert list(response.json()["errors"]) == [f"filter.{key}"]
                continue
            assert response.status_code == 200, (key, response.text)
            assert IGNORED_HEADER not in response.headers
            expected = [item for item in items if predicate(item.get(rule.field))]
            assert response.json()["data"] == expected, (key, value)
            assert expected, (key, value)


def test_most_filter_keys_are_honoured() -> None:
    planned = [rule for operation in LISTINGS for rule in TENANT.filters.plan(operation).values()]
    honoured = [rule for rule in planned if rule is not None]
    assert len(honoured) >= 0.7 * len(planned), (len(honoured), len(planned))
    unhonoured = TENANT.unhonoured_filters()
    assert sum(map(len, unhonoured.values())) == len(planned) - len(honoured)


# -- the examples of the issue ------------------------------------------------------------------


def test_nested_deep_object_keys_are_read() -> None:
    with _client(MockTenant(seed=9)) as client:
        response = client.get(
            "/public-api/resources/sessions/v1.0", params={"filter[roaming][roamingOperatorCpoIds][]": "7"}
        )
        assert response.status_code == 200, response.text
        assert IGNORED_HEADER not in response.headers
        assert response.json()["data"] == []  # no roaming sessions in the seeded network


def test_cdrs_filtered_by_start_date_time() -> None:
    with _client(MockTenant(seed=9)) as client:
        every = client.get("/public-api/resources/cdrs/v2.0").json()["data"]
        later = client.get(
            "/public-api/resources/cdrs/v2.0", params={"filter[startDateTimeFrom]": "2024-06-01T20:00:00Z"}
        ).json()["data"]
    assert [cdr["startTime"] for cdr in every] == [
        "2024-06-01T15:00:00Z",
        "2024-06-01T22:00:00Z",
        "2024-06-02T05:00:00Z",
        "2024-06-02T12:00:00Z",
    ]
    assert [cdr["id"] for cdr in later] == [2, 3, 4]


def test_sessions_of_one_user_and_time_window() -> None:
    with _client(MockTenant(seed=9)) as client:
        response = client.get(
            "/public-api/resources/sessions/v1.0",
            params={
                "filter[userId]": "2",
                "filter[startedAfter]": "2024-06-01T12:00:00+00:00",
                "filter[startedBefore]": "2024-06-04T00:00:00+02:00",
            },
        )
    assert [(s["id"], s["userId"]) for s in response.json()["data"]] == [("2", 2), ("7", 2)]


def test_a_filter_it_cannot_honour_is_reported_in_a_header_and_a_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with _client(MockTenant(seed=9)) as client, caplog.at_level("WARNING", logger="ampeco.mock"):
        response = client.get(
            "/public-api/resources/charge-points/v2.0",
            params={"filter[partnerId]": "3", "filter[type]": "public"},
        )
    assert response.status_code == 200
    assert response.headers[IGNORED_HEADER] == "partnerId"
    assert len(response.json()["data"]) == 6  # type=public honoured (every seeded point), partnerId ignored
    assert "partnerId" in caplog.text


def test_an_unknown_key_with_odd_characters_stays_one_header_line() -> None:
    with _client(MockTenant(seed=9)) as client:
        response = client.get("/public-api/resources/locations/v2.0", params={"filter[é\nx]": "1"})
    assert response.status_code == 200
    assert response.headers[IGNORED_HEADER] == "%C3%A9%0Ax"
