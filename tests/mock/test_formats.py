"""String formats are validated everywhere the API validates them (issue 17, issue 10).

Every string field with a checked format (date-time, date, email, uri, uuid) or the overlay's
wall-clock time pattern, in every request body and every query parameter of the spec, is sent once
with a malformed value (422 naming exactly that field) and once with a well-formed one (no error
there). Path parameters with a format name no record when malformed (404).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import jsonschema_rs
import pytest

from ampeco._query import deep_object_query
from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport
from ampeco.mock._formats import CHECKED
from ampeco.mock._operations import Operation
from tests.support.conformance import assert_conforms

AUTH = {"Authorization": "Bearer mock-token"}
TENANT = MockTenant(seed=4, stateful=False)  # validation only: every path value names a record
SYNTH = TENANT.synth
WALL_CLOCK = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"

VALID = {
    "date-time": ["2024-06-01T08:00:00Z", "2024-06-01T10:00:00.5+02:00"],
    "date": ["2024-06-01"],
    "email": ["driver@example.com"],
    "uri": ["https://example.com/manual.pdf"],
    "uuid": ["0194db65-2791-70ae-9575-89959f57d915"],
    "wall-clock": ["01:00", "10:30:00", "23:59"],
}
INVALID = {
    "date-time": ["IsF", "2024-06-01T08:00:00", "2024-02-30T08:00:00Z", "2024-06-01"],
    "date": ["IsF", "2024-02-30", "01.06.2024"],
    "email": ["IsF", "driver@"],
    "uri": ["IsF", "example.com/manual.pdf"],
    "uuid": ["IsF", "0194db65-2791-70ae-9575"],
    "wall-clock": ["IsF", "25:00", "10:30:00Z", "1:00"],
}


@dataclass(frozen=True)
class Field:
    operation: Operation
    location: str  # "body" or "query"
    path: tuple[str, ...]  # from the body root or the parameter name
    kind: str  # a key of VALID

    @property
    def error_key(self) -> str:
        return ".".join(self.path)

    def __str__(self) -> str:
        return f"{self.operation.key} {self.location}:{self.error_key}"


def _kind(flat: dict[str, Any]) -> str | None:
    if flat.get("type") != "string":
        return None
    if flat.get("pattern") == WALL_CLOCK:
        return "wall-clock"
    found = flat.get("format")
    return found if found in CHECKED and found in VALID else None


def _walk(schema: Any, path: tuple[str, ...], depth: int = 0) -> Iterator[tuple[tuple[str, ...], str]]:
    """Format-checked string leaves reached through plain objects and arrays (where a 422 names the
    leaf itself; below a nullable or union object the API reports the object instead)."""
    flat = SYNTH.flatten(schema)
    kind = _kind(flat)
    if kind is not None:
        yield path, kind
        return
    if depth > 6 or flat.get("nullable") or "oneOf" in flat or "anyOf" in flat:
        return
    properties = flat.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            if not SYNTH.schemas.has_flag(sub, "readOnly"):
                yield from _walk(sub, (*path, name), depth + 1)
    elif flat.get("type") == "array" and isinstance(flat.get("items"), dict):
        yield from _walk(flat["items"], (*path, "0"), depth + 1)


def _fields() -> list[Field]:
    found: list[Field] = []
    for operation in TENANT.operations():
        if operation.body_schema is not None:
            found += [Field(operation, "body", path, kind) for path, kind in _walk(operation.body_schema, ())]
        for parameter in operation.parameters:
            if parameter.location == "query":
                found += [
                    Field(operation, "query", path, kind)
                    for path, kind in _walk(parameter.schema, (parameter.name,))
                ]
    return found


FIELDS = _fields()


def _path_value(operation: Operation, name: str) -> str:
    parameter = next(p for p in operation.parameters if p.name == name)
    flat = SYNTH.flatten(parameter.schema)
    if flat.get("enum"):
        return str(flat["enum"][0])
    if flat.get("format") == "date":
        return "2024-06-01"
    return "1" if flat.get("type") in ("integer", "number") else "abc"


def _url(operation: Operation) -> str:
    path = operation.path
    for parameter in operation.parameters:
        if parameter.location == "path":
            path = path.replace("{" + parameter.name + "}", _path_value(operation, parameter.name))
    return path


def _nest(path: tuple[str, ...], value: Any) -> Any:
    for part in reversed(path):
        value = [value] if part == "0" else {part: value}
    return value


def _errors(field: Field, value: str) -> dict[str, list[str]]:
    operation = field.operation
    request: dict[str, Any] = {"method": operation.method.upper(), "url": _url(operation), "headers": AUTH}
    if field.location == "body":
        request["json"] = _nest(field.path, value)
    else:
        name, *rest = field.path
        nested = _nest(tuple(rest), value)
        request["params"] = deep_object_query(operation.operation_id, name, nested) if rest else {name: value}
    with httpx.Client(transport=SyncASGITransport(TENANT), base_url=BASE_URL) as client:
        response = client.request(**request)
    if response.status_code == 422:
        errors: dict[str, list[str]] = response.json()["errors"]
        return errors
    assert response.status_code < 300 or response.status_code == 404, (str(field), response.text)
    return {}


def test_format_checked_fields_are_found_across_the_spec() -> None:
    kinds = {field.kind for field in FIELDS}
    assert kinds == set(VALID) - {"uuid"}, kinds  # the spec's one uuid is in a response
    assert len(FIELDS) >= 150
    assert {field.location for field in FIELDS} == {"body", "query"}


@pytest.mark.parametrize("field", FIELDS, ids=str)
def test_a_malformed_value_is_422_on_that_field_and_a_wellformed_one_is_not(field: Field) -> None:
    for bad in INVALID[field.kind]:
        errors = _errors(field, bad)
        assert field.error_key in errors, (bad, errors)
    for good in VALID[field.kind]:
        assert field.error_key not in _errors(field, good), good


def test_the_valid_and_invalid_samples_agree_with_the_response_validator() -> None:
    """What the mock accepts it can send back: jsonschema_rs (clients, Schemathesis) agrees."""
    for kind in ("date-time", "date", "email", "uri"):
        validator = jsonschema_rs.Draft4Validator({"format": kind}, validate_formats=True)
        assert all(validator.is_valid(value) for value in VALID[kind]), kind
        assert not any(validator.is_valid(value) for value in INVALID[kind]), kind
    pattern = jsonschema_rs.Draft4Validator({"pattern": WALL_CLOCK})
    assert all(pattern.is_valid(value) for value in VALID["wall-clock"])
    assert not any(pattern.is_valid(value) for value in INVALID["wall-clock"])


def _format_path_parameters() -> list[tuple[Operation, str]]:
    return [
        (operation, parameter.name)
        for operation in TENANT.operations()
        for parameter in operation.parameters
        if parameter.location == "path" and SYNTH.flatten(parameter.schema).get("format") in CHECKED
    ]


@pytest.mark.parametrize(
    ("operation", "name"), _format_path_parameters(), ids=lambda item: getattr(item, "key", item)
)
def test_a_malformed_path_value_names_no_record(operation: Operation, name: str) -> None:
    good = _url(operation)
    bad = good.replace(_path_value(operation, name), "2024-02-30")
    with httpx.Client(transport=SyncASGITransport(TENANT), base_url=BASE_URL, headers=AUTH) as client:
        assert client.request(operation.method.upper(), bad, json={}).status_code == 404
        assert client.request(operation.method.upper(), good, json={}).status_code != 404


# -- the examples of the issues -------------------------------------------------------------------


START = "2024-06-01T08:00:00Z"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/public-api/resources/booking-requests/v1.0",
            {"type": "create", "userId": 1, "locationId": 1, "startAt": START},
            "endAt",
        ),
        (
            "/public-api/resources/charge-point-downtime-periods/v1.0",
            {"chargePointId": 1, "noticeId": 1, "startedAt": START},
            "endedAt",
        ),
        (
            "/public-api/resources/evse-downtime-periods/v1.0",
            {"evseId": 1, "noticeId": 1, "startedAt": START},
            "endedAt",
        ),
    ],
)
def test_a_malformed_date_time_is_never_stored(path: str, body: dict[str, Any], field: str) -> None:
    """The issue's three examples: refused on the field; the well-formed twin is stored and echoed
    in a response the independent validator accepts."""
    tenant = MockTenant(seed=4)
    with httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL, headers=AUTH) as client:
        before = client.get(path).json()["data"]
        for bad in ("IsF", "\u00b3,\u008b", "2024-06-01T08:00:00"):
            response = client.post(path, json={**body, field: bad})
            assert response.status_code == 422
            assert list(response.json()["errors"]) == [field], response.text
        assert client.get(path).json()["data"] == before
        created = client.post(path, json={**body, field: "2024-06-01T10:00:00+02:00"})
        assert created.status_code == 201, created.text
        assert created.json()["data"][field] == "2024-06-01T10:00:00+02:00"
        assert_conforms(created, "POST", path)


@pytest.mark.parametrize("time", ["01:00", "10:30:00"])
def test_tariff_times_are_wall_clock_times(time: str) -> None:
    tenant = MockTenant(seed=4)
    body = {"name": "Night", "type": "energy", "dayTariffStart": time, "nightTariffStart": time}
    with httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL, headers=AUTH) as client:
        response = client.post("/public-api/resources/tariffs/v1.0", json=body)
        errors = response.json().get("errors", {}) if response.status_code == 422 else {}
        assert "dayTariffStart" not in errors and "nightTariffStart" not in errors
        rejected = client.post(
            "/public-api/resources/tariffs/v1.0", json={**body, "dayTariffStart": "10:30:00Z"}
        )
        assert "dayTariffStart" in rejected.json()["errors"]
