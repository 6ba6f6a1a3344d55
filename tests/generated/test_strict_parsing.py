"""The wrong-typed bodies an independent validator found accepted (issue 10), read over a real HTTP server.

Each case changes one place of a full, schema-valid answer; the client must refuse it with that place's
path. What a newer platform may send (unknown enum values, unknown fields, date-times without an
offset) stays accepted. ``test_wrong_types.py`` covers the class for every model; these are the
reported members, end to end.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

import ampeco
from ampeco import ResponseValidationError
from ampeco.mock import load_mock_spec
from ampeco.mock._synth import Synthesizer
from ampeco_public_api.api.resource_charge_points import charge_point_read
from ampeco_public_api.api.resource_electricity_meters import electricity_meter_read
from ampeco_public_api.api.resource_tariffs import tariff_read
from ampeco_public_api.models import ChargePointV2CapabilitiesItem
from tests.support.recorder import Recorder

SPEC = load_mock_spec()
Call = Callable[[ampeco.Client], Any]
CHARGE_POINT: Call = lambda client: charge_point_read.sync(1, client=client)  # noqa: E731
METER: Call = lambda client: electricity_meter_read.sync(1, client=client)  # noqa: E731
TARIFF: Call = lambda client: tariff_read.sync(1, client=client)  # noqa: E731
SCHEMAS = {
    CHARGE_POINT: "ChargePointReadResponse",
    METER: "ElectricityMeterResponse",
    TARIFF: "TariffResponse",
}


def _full_answer(call: Call) -> dict[str, Any]:
    synth = Synthesizer(SPEC.schemas, 1, full=True)
    schema = SPEC.document["components"]["schemas"][SCHEMAS[call]]
    answer = synth.value(schema, synth.rng(SCHEMAS[call]))
    assert SPEC.schemas.is_valid(answer, schema)
    return answer


def _with(answer: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    changed = json.loads(json.dumps(answer))
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


WRONG = [
    # arrays of scalars are checked, as a whole and item by item
    (CHARGE_POINT, ("data", "tags"), "abc", "$.data.tags"),
    (CHARGE_POINT, ("data", "tags"), 5, "$.data.tags"),
    (CHARGE_POINT, ("data", "tags"), {"a": 1}, "$.data.tags"),
    (CHARGE_POINT, ("data", "tags"), [1, 2], "$.data.tags[0]"),
    # a string is not an array of enum members (one per character)
    (CHARGE_POINT, ("data", "capabilities"), "remote", "$.data.capabilities"),
    # ... nor an array of dates
    (
        TARIFF,
        ("data", "pricing", "daysWhenApplied", 0, "specialDates"),
        "2024-05-01",
        "$.data.pricing.daysWhenApplied[0].specialDates",
    ),
    # typed map values
    (METER, ("data", "integrationParameters", "device_id"), 123456, "$.data.integrationParameters.device_id"),
    # inside a nullable object the field is named, not the object
    (
        CHARGE_POINT,
        ("data", "chargingProfile", "schedulePeriods", 0, "limit"),
        "full",
        "$.data.chargingProfile.schedulePeriods[0].limit",
    ),
]


@pytest.mark.parametrize(("call", "path", "value", "expected"), WRONG)
def test_a_wrong_type_is_refused_at_its_place(
    client: ampeco.Client,
    recorder: Recorder,
    call: Call,
    path: tuple[str | int, ...],
    value: object,
    expected: str,
) -> None:
    answer = _full_answer(call)
    recorder.status, recorder.reply = 200, answer
    call(client)  # the valid answer parses ...
    recorder.reply = _with(answer, path, value)
    with pytest.raises(ResponseValidationError) as caught:  # ... the changed one does not
        call(client)
    assert caught.value.path == expected
    assert caught.value.value == (value[0] if expected.endswith("[0]") and isinstance(value, list) else value)


def test_what_a_newer_platform_sends_is_still_accepted(client: ampeco.Client, recorder: Recorder) -> None:
    answer = _full_answer(CHARGE_POINT)
    answer = _with(answer, ("data", "capabilities"), ["remote_start_stop_capable", "teleport"])
    answer = _with(answer, ("data", "createdAt"), "2024-05-01T10:30:00")  # no offset
    answer = _with(answer, ("data", "chargingProfile", "solarBoost"), {"level": 3})
    recorder.status, recorder.reply = 200, answer
    data = charge_point_read.sync(1, client=client).data
    assert [item.value for item in data.capabilities] == ["remote_start_stop_capable", "teleport"]  # type: ignore[union-attr]
    assert data.capabilities[1].is_unknown  # type: ignore[index]
    assert isinstance(data.capabilities[0], ChargePointV2CapabilitiesItem)  # type: ignore[index]
    assert data.created_at == datetime.datetime(2024, 5, 1, 10, 30)
    assert data.charging_profile.additional_properties == {"solarBoost": {"level": 3}}  # type: ignore[union-attr]
