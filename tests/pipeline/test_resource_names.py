"""The naming rules of the resource layer (codegen/generate/resource_names.py): small documents for each
rule and each refusal, then the pinned release as a whole (every operation named, no typos left)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from codegen.generate.resource_names import (
    OperationName,
    ResourceNamingError,
    name_operations,
    public_parameter_name,
)
from codegen.spec import load_normalized_spec, load_patched_spec
from codegen.spec.release import find_release
from codegen.spec.view import generator_view


def _op(operation_id: str, summary: str, **extra: Any) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": summary,
        "responses": {"200": {"description": "ok"}},
        **extra,
    }


def _names(paths: dict[str, dict[str, Any]]) -> dict[str, str]:
    """operationId -> client attribute path."""
    return {name.operation_id: name.attribute_path for name in name_operations({"paths": paths})}


def test_resource_from_the_path_method_from_the_summary_namespace_from_literal_segments() -> None:
    names = _names(
        {
            "/public-api/resources/charge-points/v2.0": {"get": _op("cpList", "Charge Points / Listing")},
            "/public-api/resources/charge-points/v2.0/{chargePoint}": {
                "get": _op("cpRead", "Charge Point / Read"),
                "patch": _op("cpUpdate", "Charge Point / Update"),
            },
            "/public-api/resources/charge-points/v2.0/{chargePoint}/evses/{evse}/connectors": {
                "post": _op("connectorCreate", "Charge Points / Evse / Connector / Create")
            },
            "/public-api/resources/users/v1.0/{user}/invoice-details": {
                "post": _op("invoiceDetails", "Invoice details / Create or update")
            },
        }
    )
    assert names == {
        "cpList": "charge_points.list",
        "cpRead": "charge_points.read",
        "cpUpdate": "charge_points.update",
        "connectorCreate": "charge_points.evses.connectors.create",
        "invoiceDetails": "users.invoice_details.create_or_update",
    }


def test_actions_join_their_resource_and_other_verbs_name_what_the_last_segment_names() -> None:
    names = _names(
        {
            "/public-api/resources/charge-points/v2.0": {"get": _op("cpList", "Charge Points / Listing")},
            "/public-api/resources/evses/v2.1": {"get": _op("evseList", "EVSEs / Listing")},
            "/public-api/actions/charge-point/v1.0/{chargePoint}/start/{evse}": {
                "post": _op("start", "Charge Point / Start Charging Session")
            },
            "/public-api/actions/evse/v1.0/bulk-assign-tariff-group": {
                "post": _op("bulk", "EVSEs / Bulk Assign Tariff Groups")
            },
            "/public-api/resources/charge-points/v2.0/{chargePoint}/latest-hardware-status-log": {
                "get": _op("latest", "Charge Point / Latest Hardware Status Log")
            },
            "/public-api/actions/charge-point/v2.0/{chargePoint}/sync-certificates": {
                "post": _op("ids", "Charge Point / Get Installed Certificate IDs")
            },
        }
    )
    assert names["start"] == "charge_points.start_charging_session"
    assert names["bulk"] == "evses.bulk_assign_tariff_groups"
    assert names["latest"] == "charge_points.latest_hardware_status_log"
    # Words are split on spaces and punctuation only: "IDs" and "EVSEs" stay whole words.
    assert names["ids"] == "charge_points.get_installed_certificate_ids"


def test_deprecated_operations_move_under_deprecated_and_the_newest_version_keeps_a_shared_name() -> None:
    paths = {
        "/public-api/resources/authorizations/v1.0/{authorization}": {
            "get": _op("readV1", "Authorization / Read", deprecated=True)
        },
        "/public-api/resources/authorizations/v2.0/{authorization}": {
            "get": _op("readV2", "Authorization / Read", deprecated=True)
        },
        "/public-api/resources/authorizations/v2.1/{authorization}": {
            "get": _op("readV21", "Authorization / Read")
        },
        "/public-api/resources/authorizations/v1.0": {"get": _op("listV1", "Authorizations / Listing")},
        "/public-api/resources/authorizations/v1.1": {"get": _op("listV11", "Authorizations / Listing")},
    }
    names = {name.operation_id: name for name in name_operations({"paths": paths})}
    assert names["readV21"].attribute_path == "authorizations.read"
    assert names["readV2"].attribute_path == "authorizations.deprecated.read"
    assert names["readV1"].attribute_path == "authorizations.deprecated.read_v1_0"
    assert names["listV11"].attribute_path == "authorizations.list"
    assert names["listV1"].attribute_path == "authorizations.list_v1_0"
    assert names["readV1"].deprecated and not names["readV21"].deprecated


def test_overlay_pins_win_over_the_rules() -> None:
    names = _names(
        {
            "/public-api/resources/cp-models/v1.0": {
                "get": _op(
                    "old", "Charge Point Models / Listing", **{"x-ampeco-resource": "charge_point_models"}
                )
            },
            "/public-api/actions/charge-point/v1.0/{chargePoint}/trigger-message": {
                "post": _op(
                    "trigger",
                    "Charge Point / Trigger Message Charge Point",
                    **{"x-ampeco-resource": "charge_points", "x-ampeco-method": "trigger_message"},
                )
            },
            "/somewhere/else": {
                "get": _op(
                    "odd",
                    "Odd",
                    **{"x-ampeco-resource": "odds", "x-ampeco-namespace": "a.b", "x-ampeco-method": "read"},
                )
            },
        }
    )
    assert names == {
        "old": "charge_point_models.list",
        "trigger": "charge_points.trigger_message",
        "odd": "odds.a.b.read",
    }


@pytest.mark.parametrize(
    ("paths", "complaint"),
    [
        (
            {
                "/public-api/resources/cdrs/v2.0": {
                    "get": _op("a", "CDRs / Listing"),
                    "post": _op("b", "CDRs / Listing"),
                }
            },
            "both name cdrs.list in version (2, 0)",
        ),
        ({"/public-api/resources/cdrs/v2.0": {"get": _op("a", "")}}, "no summary to name the method by"),
        ({"/public-api/resources/cdrs/v2.0": {"get": {"summary": "CDRs / Listing"}}}, "no operationId"),
        ({"/elsewhere": {"get": _op("a", "A / Read")}}, "path is not /public-api/"),
        ({"/public-api/actions/gadget/v1.0/{g}/go": {"post": _op("a", "Gadget / Go")}}, "no resource path"),
        (
            {"/public-api/resources/cdrs/v2.0/{cdr}": {"get": _op("a", "CDR / With Raw Response")}},
            "'with_raw_response' in client.cdrs.with_raw_response is reserved",
        ),
        (
            {"/public-api/resources/close/v1.0": {"get": _op("a", "Close / Listing")}},
            "would hide ampeco.Client.close",
        ),
        (
            {
                "/public-api/resources/cdrs/v2.0/{cdr}/export": {"get": _op("a", "CDR / Export / Read")},
                "/public-api/actions/cdrs/v2.0/{cdr}/export": {"post": _op("b", "CDR / Export")},
            },
            "is both a method and a namespace",
        ),
        (
            {"/public-api/resources/cdrs/v2.0": {"get": _op("a", "CDRs / 2 Listing")}},
            "is not a plain identifier",
        ),
    ],
)
def test_regeneration_fails_on_unnamed_or_colliding_operations(
    paths: dict[str, dict[str, Any]], complaint: str
) -> None:
    with pytest.raises(ResourceNamingError) as raised:
        name_operations({"paths": paths})
    assert complaint in str(raised.value)


def test_public_parameter_names_drop_the_suffix_the_generator_adds_to_builtins_only() -> None:
    assert public_parameter_name("filter_") == "filter"
    assert public_parameter_name("type_") == "type"
    assert public_parameter_name("from_") == "from_"  # a keyword cannot be a parameter name
    assert public_parameter_name("per_page") == "per_page"


# -- the pinned release -------------------------------------------------------------------------------------


@cache
def _release_names() -> tuple[OperationName, ...]:
    document, _ = load_normalized_spec()
    return tuple(name_operations(document))


def test_every_operation_of_the_release_has_one_name_and_no_two_share_one() -> None:
    names = _release_names()
    assert len(names) == 452
    assert len({name.operation_id for name in names}) == 452
    assert len({name.attribute_path for name in names}) == 452


def test_the_default_names_reach_the_newest_non_deprecated_version() -> None:
    by_path = {name.attribute_path: name for name in _release_names()}
    assert by_path["charge_points.read"].path == "/public-api/resources/charge-points/v2.0/{chargePoint}"
    assert by_path["authorizations.read"].version == (2, 1)
    assert by_path["evses.list"].version == (2, 1)
    assert by_path["charge_point_models.deprecated.list"].path == "/public-api/resources/cp-models/v1.0"
    for name in by_path.values():
        assert name.deprecated == ("deprecated" in name.namespace), name


# Words an operationId may use beyond the words of the spec's paths and summaries.
_OPERATION_ID_WORDS = {"deprecated", "list", "get", "post", "patch", "pc", "v"}


def _typos(document: dict[str, Any]) -> set[str]:
    """operationId words that appear in no path and no summary of the document: typos."""
    vocabulary = set(_OPERATION_ID_WORDS)
    operations = []
    for path, item in document["paths"].items():
        vocabulary |= {word.lower() for word in re.findall(r"[A-Za-z]+", path)}
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                operations.append(operation)
                vocabulary |= {
                    word.lower() for word in re.findall(r"[A-Za-z]+", operation.get("summary", ""))
                }
    found = set()
    for operation in operations:
        for word in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", operation["operationId"]):
            word = word.lower()
            if not {word, word + "s", word.removesuffix("s")} & vocabulary:
                found.add(f"{operation['operationId']}: {word}")
    return found


def test_the_overlay_fixes_every_typo_in_upstream_operation_ids() -> None:
    release = find_release(None)
    upstream = release.load_upstream()
    assert _typos(upstream) == {
        "electricityMetersLising: lising",
        "charegPointShareDelete: chareg",
        "topUpPackagCreate: packag",
        "electricityRatePricePeriodsWeekDayCreateaOrUpdate: createa",
        "partnertSettlementReportPartnerSettlementRecordRead: partnert",
    }
    patched, _ = load_patched_spec(release)
    assert _typos(patched) == set()


def test_name_pins_survive_normalization_and_reach_the_generator_view() -> None:
    document, _ = load_normalized_spec()
    view = generator_view(document)
    for doc in (document, view):
        operation = doc["paths"]["/public-api/actions/charge-point/v1.0/{chargePoint}/trigger-message"][
            "post"
        ]
        assert operation["x-ampeco-method"] == "trigger_message"
        assert doc["paths"]["/public-api/resources/cp-models/v1.0"]["get"]["x-ampeco-resource"] == (
            "charge_point_models"
        )
