"""The naming policy (codegen/spec/normalize/naming.py) on the pinned release and on small specs.

The release test is the guard the policy asks for: a shape two or more operations use that is named
after one of its uses fails here unless the overlay pins a name for it (``x-ampeco-name``) or lists it
as accepted (``x-ampeco-shared-names-not-pinned``).
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from typing import Any

import pytest

from codegen.spec import find_release, load_patched_spec
from codegen.spec.normalize import NormalizeError, NormalizeReport, normalize
from codegen.spec.normalize.naming import MAX_NAME_LENGTH, PIN_KEY
from codegen.spec.overlay import load_overlay
from codegen.spec.pipeline import accepted_shared_names

JSON = dict[str, Any]


@pytest.fixture(scope="module")
def release() -> tuple[JSON, NormalizeReport]:
    patched, _ = load_patched_spec()
    return normalize(patched)


def test_no_shared_shape_is_named_after_one_use_unless_the_overlay_says_so(
    release: tuple[JSON, NormalizeReport],
) -> None:
    _, report = release
    accepted = accepted_shared_names()
    found = {finding.name: finding for finding in report.named_after_one_use}
    new = [found[name] for name in sorted(set(found) - accepted)]
    assert not new, "shared shapes named after one of their uses; pin a name in the overlay:\n" + "\n".join(
        f"{finding}\n{finding.pin_action}" for finding in new
    )
    stale = sorted(accepted - set(found))
    assert not stale, f"listed in x-ampeco-shared-names-not-pinned but no longer named that way: {stale}"


def test_each_reported_shape_comes_with_a_pin_that_targets_it(release: tuple[JSON, NormalizeReport]) -> None:
    """The overlay is applied before allOf members are merged: the suggested target must exist there."""
    import jsonpath

    patched, _ = load_patched_spec()
    _, report = release
    assert report.named_after_one_use
    for finding in report.named_after_one_use:
        target = finding.pin_action.splitlines()[0].removeprefix("- target: ")
        assert len(jsonpath.findall(target, patched)) == 1, (finding.name, target)


def test_the_misleading_names_are_gone(release: tuple[JSON, NormalizeReport]) -> None:
    document, _ = release
    schemas = document["components"]["schemas"]
    for old in (
        "FaqsListingLinks",  # the pagination links of 18 listings
        "UserReadDataStatus",  # the enabled/disabled status of 27 kinds of record
        "SessionExternalAppData",  # a free-form object of CDRs, EVSEs, locations, users
        "EvseFilterHardwareStatus",  # the OCPP hardware status everywhere
        "CdrReadError422Errors",  # the errors map of every 422
        "PartnerReadDataCountry",  # a copy of the country enum with null in its list
    ):
        assert old not in schemas
    for new in (
        "ListingLinks",
        "EnabledStatus",
        "FreeFormObject",
        "HardwareStatus",
        "ValidationErrors",
        "Country",
    ):
        assert new in schemas
    assert schemas["ValidationError"]["properties"]["errors"] == {
        "$ref": "#/components/schemas/ValidationErrors"
    }


def test_every_pin_names_its_shape(release: tuple[JSON, NormalizeReport]) -> None:
    document, _ = release
    overlay = load_overlay(find_release().overlay_path)
    pins = [
        action["update"][PIN_KEY] for action in overlay["actions"] if PIN_KEY in (action.get("update") or {})
    ]
    assert len(pins) >= 6
    assert set(pins) <= set(document["components"]["schemas"])


def test_an_enum_that_lists_null_is_the_nullable_enum(release: tuple[JSON, NormalizeReport]) -> None:
    document, _ = release
    with_null = [
        name
        for name, schema in document["components"]["schemas"].items()
        if None in (schema.get("enum") or [])
    ]
    assert with_null == []
    partner = document["components"]["schemas"]["Partner"]["properties"]["country"]
    assert partner == {"anyOf": [{"$ref": "#/components/schemas/Country"}], "nullable": True}


def test_no_name_repeats_request_or_notification_or_outgrows_the_cap(
    release: tuple[JSON, NormalizeReport],
) -> None:
    names = list(release[0]["components"]["schemas"])
    stutters = [name for name in names if re.search(r"(Request|Notification)\1(?![a-z])", name)]
    assert stutters == []
    assert max(len(name) for name in names) <= MAX_NAME_LENGTH
    # A notification's own discriminator is its kind.
    assert "ChargePointChangedNotificationKind" in names
    assert not [name for name in names if name.endswith("NotificationNotification")]


def test_union_variants_are_named_by_what_sets_them_apart(release: tuple[JSON, NormalizeReport]) -> None:
    names = list(release[0]["components"]["schemas"])
    numbered: dict[str, set[int]] = defaultdict(set)
    for name in names:
        match = re.fullmatch(r"(.*?)Variant(\d+)(.*)", name)
        if match:
            numbered[match.group(1)].add(int(match.group(2)))
    gaps = {
        prefix: numbers for prefix, numbers in numbered.items() if numbers != set(range(1, len(numbers) + 1))
    }
    assert gaps == {}
    # Payment terminal variants by their titles, smart charging modes by their constant type.
    assert {"PaymentTerminalNayax", "UpdatePaymentTerminalRequestValina"} <= set(names)
    assert "ChargePointAvailablePersonalSmartChargingModeOctopusAgile" in names


# --------------------------------------------------------------------------------------------
# Small specs


def _spec(*operations: tuple[str, str, str, JSON], schemas: JSON | None = None) -> JSON:
    """(path, method, operationId, response schema) -> a document with one 200 JSON answer each."""
    paths: JSON = {}
    for path, method, operation_id, schema in operations:
        paths.setdefault(path, {})[method] = {
            "operationId": operation_id,
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": copy.deepcopy(schema)}},
                }
            },
        }
    return {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _data(schema: JSON) -> JSON:
    return {"type": "object", "properties": {"data": copy.deepcopy(schema)}}


def _listing(schema: JSON) -> JSON:
    return {"type": "object", "properties": {"data": {"type": "array", "items": copy.deepcopy(schema)}}}


TARIFF = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "pricing": {"type": "object", "properties": {"price": {"type": "number"}}},
        "status": {"type": "string", "enum": ["enabled", "disabled"]},
    },
}


def test_the_record_of_a_resource_is_named_after_the_resource() -> None:
    spec = _spec(
        ("/tariffs/{id}", "get", "tariffRead", _data(TARIFF)),
        ("/tariffs", "get", "tariffsListing", _listing(TARIFF)),
        ("/tariffs/{id}", "patch", "tariffUpdate", _data(TARIFF)),
    )
    document, report = normalize(spec)
    schemas = document["components"]["schemas"]
    assert {"Tariff", "TariffPricing", "TariffStatus"} <= set(schemas)
    assert not [name for name in schemas if "Read" in name and name not in ("TariffReadResponse",)]
    assert report.named_after_one_use == []


def test_a_shape_of_several_resources_is_named_for_what_every_use_ends_with() -> None:
    extra = {"type": "object", "additionalProperties": True}
    cdr = {"type": "object", "properties": {"id": {"type": "integer"}, "externalAppData": extra}}
    user = {"type": "object", "properties": {"name": {"type": "string"}, "externalAppData": extra}}
    document, report = normalize(
        _spec(("/cdrs/{id}", "get", "cdrRead", _data(cdr)), ("/users/{id}", "get", "userRead", _data(user)))
    )
    assert document["components"]["schemas"]["CdrReadData"]["properties"]["externalAppData"] == {
        "$ref": "#/components/schemas/ExternalAppData"
    }
    assert report.named_after_one_use == []


def test_a_shared_shape_no_rule_can_name_is_reported_with_the_pin_that_fixes_it() -> None:
    status = {"type": "string", "enum": ["enabled", "disabled"]}
    spec = _spec(
        ("/cdrs/{id}", "get", "cdrRead", _data({"type": "object", "properties": {"status": status}})),
        (
            "/users/{id}",
            "get",
            "userRead",
            _data({"type": "object", "properties": {"id": {}, "status": status}}),
        ),
    )
    _, report = normalize(spec)
    [finding] = report.named_after_one_use
    assert finding.name == "CdrReadDataStatus"  # "Status" alone says nothing: the shortest use's name
    assert finding.operations == ("CdrRead", "UserRead")
    assert finding.pin_action.splitlines()[0] == (
        "- target: $.paths['/cdrs/{id}'].get.responses['200'].content['application/json']"
        ".schema.properties.data.properties.status"
    )
    pinned = copy.deepcopy(spec)
    response = pinned["paths"]["/cdrs/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
    response["schema"]["properties"]["data"]["properties"]["status"][PIN_KEY] = "EnabledStatus"
    document, report = normalize(pinned)
    assert report.named_after_one_use == []
    assert "EnabledStatus" in document["components"]["schemas"]
    assert PIN_KEY not in document["components"]["schemas"]["EnabledStatus"]


def test_a_pin_that_cannot_name_its_shape_is_an_error() -> None:
    record = {"type": "object", "properties": {"id": {"type": "integer"}}}
    on_a_string = _spec(
        (
            "/a",
            "get",
            "aRead",
            _data({"type": "object", "properties": {"x": {"type": "string", PIN_KEY: "X"}}}),
        )
    )
    with pytest.raises(NormalizeError, match="not hoisted"):
        normalize(on_a_string)
    taken = _spec(
        ("/a", "get", "aRead", _data({**record, PIN_KEY: "Thing"})),
        schemas={"Thing": {"type": "string", "enum": ["x"]}},
    )
    with pytest.raises(NormalizeError, match="another shape has that name"):
        normalize(taken)


def test_words_are_not_repeated_and_long_names_are_shortened() -> None:
    spec = _spec(("/activation", "post", "flexibilityAssetCreateActivationRequest", _data(TARIFF)))
    spec["paths"]["/activation"]["post"]["requestBody"] = {
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {"start": {"type": "string"}}}}
        }
    }
    deep: JSON = {"type": "string", "enum": ["a"]}
    for name in ("innermostSetting", "evenMoreDetailedOptions", "moreDetailedOptions", "detailedOptions"):
        deep = {"type": "object", "properties": {name: deep}}
    spec["paths"]["/modes"] = _spec(
        ("/modes", "get", "chargePointAvailablePersonalSmartChargingModesListing", _listing(deep))
    )["paths"]["/modes"]
    names = set(normalize(spec)[0]["components"]["schemas"])
    assert "FlexibilityAssetCreateActivationRequestBody" in names
    assert max(len(name) for name in names) <= MAX_NAME_LENGTH
    assert any(name.endswith("InnermostSetting") for name in names)


def test_union_variants_take_their_title_constant_or_own_property() -> None:
    union = {
        "oneOf": [
            {"title": "Payter", "type": "object", "properties": {"serial": {"type": "string"}}},
            {
                "type": "object",
                "properties": {"type": {"type": "string", "enum": ["solar"]}, "kw": {"type": "number"}},
            },
            {"type": "object", "required": ["hubjectId"], "properties": {"hubjectId": {"type": "string"}}},
            {"type": "object", "properties": {"serial": {"type": "string"}, "kw": {"type": "number"}}},
        ]
    }
    names = set(normalize(_spec(("/t", "get", "terminalRead", _data(union))))[0]["components"]["schemas"])
    # A title is a declared name (the variant is "Payter"); the others are named below their union.
    assert {
        "Payter",
        "TerminalReadDataSolar",
        "TerminalReadDataWithHubjectId",
        "TerminalReadDataVariant1",
    } <= names
