"""What the generated functions put on the wire, asserted on a real HTTP server on loopback."""

from __future__ import annotations

import datetime
from contextlib import suppress

import httpx
import pytest

import ampeco
from ampeco import UnexpectedStatus
from ampeco_public_api.api.resource_cdrs import cdrs_listing
from ampeco_public_api.api.resource_charge_points import charge_point_configuration_update
from ampeco_public_api.api.resource_evses import evse_update, evses_listing
from ampeco_public_api.models import (
    CdrFilter,
    CdrReadIncludeItem,
    ChargePointConfigurationRequest,
    EvseRequest,
    EvsesListingFilter,
)
from tests.support.recorder import Recorder

UTC_PLUS_2 = datetime.timezone(datetime.timedelta(hours=2))


def test_a_deep_object_filter_is_sent_as_bracketed_keys(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.reply = {"data": [], "links": {}, "meta": {}}
    cdrs_listing.sync(
        client=client,
        per_page=50,
        filter_=CdrFilter(
            start_date_time_from=datetime.datetime(2024, 5, 1, 8, 30, tzinfo=UTC_PLUS_2),
            credit=True,
            is_local=False,
            operator_id=5,
        ),
        include=[CdrReadIncludeItem("tariffSnapshot")]
        if "tariffSnapshot" in CdrReadIncludeItem._value2member_map_
        else list(CdrReadIncludeItem)[:2],
    )
    sent = recorder.last
    assert sent.method == "GET"
    assert sent.raw_path == "/public-api/resources/cdrs/v2.0"
    pairs = [pair.split("=", 1) for pair in sent.query.split("&")]
    assert ["per_page", "50"] in pairs
    assert ["filter[startDateTimeFrom]", "2024-05-01T08:30:00+02:00"] in pairs
    # format: boolean / format: integer filter fields are typed bool / int and go out as true/false, digits.
    assert ["filter[credit]", "true"] in pairs
    assert ["filter[isLocal]", "false"] in pairs
    assert ["filter[operatorId]", "5"] in pairs
    assert not any(key in ("startDateTimeFrom", "credit") for key, _ in pairs)
    includes = [value for key, value in pairs if key == "include[]"]
    assert includes and all(value in CdrReadIncludeItem._value2member_map_ for value in includes)


def test_booleans_and_arrays_inside_a_filter(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.reply = {"data": [], "links": {}, "meta": {}}
    evses_listing.sync(
        client=client,
        filter_=EvsesListingFilter(roaming=False, has_tariff_group=True, roaming_operator_ids=[3, 7]),
    )
    query = recorder.last.query
    assert "filter[roaming]=false" in query
    assert "filter[hasTariffGroup]=true" in query
    assert "filter[roamingOperatorIds][]=3&filter[roamingOperatorIds][]=7" in query


def test_a_naive_datetime_in_a_filter_is_refused_before_sending(
    client: ampeco.Client, recorder: Recorder
) -> None:
    before = len(recorder.requests)
    with pytest.raises(ValueError, match=r"cdrs_listing: .*start_date_time_from.*naive datetime"):
        cdrs_listing.sync(
            client=client, filter_=CdrFilter(start_date_time_from=datetime.datetime(2024, 5, 1))
        )
    assert len(recorder.requests) == before


def test_patch_omits_unset_fields_and_sends_explicit_nulls(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.reply, recorder.status = None, 204  # only the request matters here
    body = EvseRequest(tariff_group_id=None)
    with suppress(UnexpectedStatus):
        evse_update.sync_detailed(42, client=client, body=body)
    sent = recorder.last
    assert sent.method == "PATCH"
    assert sent.raw_path == "/public-api/resources/evses/v2.1/42"
    assert sent.json() == {"tariffGroupId": None}
    assert sent.headers["content-type"] == "application/json"


def test_path_parameters_are_percent_encoded(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.reply, recorder.status = None, 204  # only the request matters here
    with suppress(UnexpectedStatus):
        charge_point_configuration_update.sync_detailed(
            7, "Meter/Values Sampled?", client=client, body=ChargePointConfigurationRequest(value="5")
        )
    assert (
        recorder.last.raw_path
        == "/public-api/resources/charge-points/v2.0/7/configurations/Meter%2FValues%20Sampled%3F"
    )


@pytest.mark.parametrize("key", ["", None])
def test_an_unfilled_path_parameter_is_refused(
    client: ampeco.Client, recorder: Recorder, key: object
) -> None:
    before = len(recorder.requests)
    with pytest.raises(ValueError, match="charge_point_configuration_update: path parameter 'key'"):
        charge_point_configuration_update.sync_detailed(
            7,
            key,
            client=client,
            body=ChargePointConfigurationRequest(value="5"),  # type: ignore[arg-type]
        )
    assert len(recorder.requests) == before


def test_every_request_names_its_operation_for_the_transport(base_url: str, recorder: Recorder) -> None:
    seen: list[object] = []

    def remember(request: object) -> None:
        seen.append(request.extensions.get("ampeco_operation"))  # type: ignore[attr-defined]

    recorder.status, recorder.reply = 200, {"data": []}
    with (
        httpx.Client(event_hooks={"request": [remember]}) as pool,
        ampeco.Client(base_url, token="t", http_client=pool) as c,
    ):
        cdrs_listing.sync_detailed(client=c)
    assert seen == ["cdrs_listing"]


def test_string_typed_filter_fields_get_the_type_the_server_reads() -> None:
    """``type: string, format: boolean|integer`` filter fields are bool/int; UIDs stay strings (overlay)."""
    from typing import get_type_hints

    from ampeco._types import Unset
    from ampeco_public_api.models import IdTagFilter, RfidTagFilter

    cdr = get_type_hints(CdrFilter)
    assert (cdr["credit"], cdr["is_local"], cdr["operator_id"]) == (bool | Unset, bool | Unset, int | Unset)
    assert get_type_hints(IdTagFilter)["user_id"] == int | Unset
    assert get_type_hints(IdTagFilter)["id_tag_uid"] == str | Unset
    assert get_type_hints(RfidTagFilter)["rfid_tag_uid"] == str | Unset
