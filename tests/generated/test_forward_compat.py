"""A client pinned to 3.110.0 reading what a newer platform (or a broken server) sends."""

from __future__ import annotations

import pytest

import ampeco
from ampeco import AmpecoError, ResponseValidationError
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendors_listing
from ampeco_public_api.api.resource_charge_points import (
    charge_point_evse_connector_read,
    charge_point_personal_smart_charging_preferences_read,
)
from ampeco_public_api.models import (
    BasicPagination,
    ChargePointEvseConnectorsItemType,
    CursorPagination,
    PersonalSmartChargingPreferencesNordPool,
    PersonalSmartChargingPreferencesSolar,
)
from tests.support.recorder import Recorder

CONNECTOR = {"id": 5, "type": "type2", "format": "socket", "status": "active"}


def _read_connector(client: ampeco.Client, recorder: Recorder, data: object) -> object:
    recorder.status, recorder.reply = 200, {"data": data}
    return charge_point_evse_connector_read.sync(1, 2, 5, client=client).data


def test_an_unknown_enum_value_parses_and_is_kept(client: ampeco.Client, recorder: Recorder) -> None:
    connector = _read_connector(client, recorder, {**CONNECTOR, "type": "mcs-megawatt"})
    kind = connector.type_  # type: ignore[attr-defined]
    assert isinstance(kind, ChargePointEvseConnectorsItemType)
    assert kind.is_unknown
    assert kind.value == "mcs-megawatt"
    assert kind not in list(ChargePointEvseConnectorsItemType)
    assert connector.to_dict()["type"] == "mcs-megawatt"  # type: ignore[attr-defined]


def test_known_enum_members_stay_members(client: ampeco.Client, recorder: Recorder) -> None:
    connector = _read_connector(client, recorder, CONNECTOR)
    assert connector.type_ is ChargePointEvseConnectorsItemType.TYPE2  # type: ignore[attr-defined]
    assert not connector.type_.is_unknown  # type: ignore[attr-defined]
    assert ChargePointEvseConnectorsItemType("type2") is ChargePointEvseConnectorsItemType.TYPE2


def test_unknown_fields_are_kept_and_round_trip(client: ampeco.Client, recorder: Recorder) -> None:
    extra = {**CONNECTOR, "maxAmperage": 32, "vendorData": {"x": [1, 2]}}
    connector = _read_connector(client, recorder, extra)
    assert connector.additional_properties == {"maxAmperage": 32, "vendorData": {"x": [1, 2]}}  # type: ignore[attr-defined]
    assert connector.to_dict() == extra  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"current_page": 2, "last_page": 9, "per_page": 10, "total": 90, "path": "/x"}, BasicPagination),
        ({"next_cursor": "abc", "prev_cursor": None, "per_page": 10, "path": "/x"}, CursorPagination),
    ],
)
def test_a_union_picks_the_variant_the_object_is(
    client: ampeco.Client, recorder: Recorder, meta: dict[str, object], expected: type
) -> None:
    recorder.status, recorder.reply = 200, {"data": [], "links": {}, "meta": meta}
    parsed = charge_point_vendors_listing.sync(client=client)
    assert type(parsed.meta) is expected
    assert parsed.to_dict()["meta"] == meta


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"type": "nordpool", "enabled": True, "integrationId": 4}, PersonalSmartChargingPreferencesNordPool),
        (
            {"type": "solar", "preferences": {"solarStableTime": 5, "maxCurrentFromGrid": 16}},
            PersonalSmartChargingPreferencesSolar,
        ),
    ],
)
def test_a_discriminated_union_follows_the_constant_field(
    client: ampeco.Client, recorder: Recorder, data: dict[str, object], expected: type
) -> None:
    recorder.status, recorder.reply = 200, {"data": data}
    parsed = charge_point_personal_smart_charging_preferences_read.sync(1, client=client)
    assert type(parsed.data) is expected
    assert parsed.to_dict() == {"data": data}


def test_an_unknown_variant_is_an_error_not_the_first_variant(
    client: ampeco.Client, recorder: Recorder
) -> None:
    recorder.status, recorder.reply = 200, {"data": {"type": "tesla-powerwall", "enabled": True}}
    with pytest.raises(
        ResponseValidationError, match=r"at \$\.data: the object matches none of the variants"
    ):
        charge_point_personal_smart_charging_preferences_read.sync(1, client=client)


def test_an_open_union_accepts_any_object_as_the_spec_does(client: ampeco.Client, recorder: Recorder) -> None:
    # Both pagination variants are all-optional open objects: the spec accepts {} and foreign keys.
    for meta in ({}, {"offset": 20}):
        recorder.status, recorder.reply = 200, {"data": [], "links": {}, "meta": meta}
        parsed = charge_point_vendors_listing.sync(client=client)
        assert parsed.to_dict()["meta"] == meta


@pytest.mark.parametrize(
    ("data", "path", "value"),
    [
        ({**CONNECTOR, "id": "not-a-number"}, "$.data.id", "not-a-number"),
        ({**CONNECTOR, "id": True}, "$.data.id", True),
        ({**CONNECTOR, "type": 7}, "$.data.type", 7),
        ({**CONNECTOR, "format": ["socket"]}, "$.data.format", ["socket"]),
    ],
)
def test_a_wrong_type_names_operation_path_and_value(
    client: ampeco.Client, recorder: Recorder, data: dict[str, object], path: str, value: object
) -> None:
    with pytest.raises(ResponseValidationError) as caught:
        _read_connector(client, recorder, data)
    error = caught.value
    assert isinstance(error, AmpecoError)
    assert error.operation == "charge_point_evse_connector_read"
    assert error.path == path
    assert error.value == value
    assert error.response.status_code == 200
    assert error.response.json() == {"data": data}
    assert "charge_point_evse_connector_read" in str(error) and path in str(error)


def test_a_missing_required_field_and_a_list_index_are_located(
    client: ampeco.Client, recorder: Recorder
) -> None:
    recorder.status = 200
    recorder.reply = {"data": [{"id": 1, "name": "ABB"}, {"id": 2}], "links": {}, "meta": {}}
    with pytest.raises(ResponseValidationError, match=r"at \$\.data\[1\]\.name: required field missing"):
        charge_point_vendors_listing.sync(client=client)


def test_a_body_that_is_not_json_is_a_validation_error(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.status, recorder.reply = 200, "plain text, not an object"
    with pytest.raises(ResponseValidationError, match=r"charge_point_vendors_listing: .* at \$"):
        charge_point_vendors_listing.sync(client=client)
