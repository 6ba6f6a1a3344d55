"""The normalizer on small hand-made specs: hoisting, naming, stability, collisions."""

from __future__ import annotations

import copy
from typing import Any

from codegen.spec.normalize import flatten_all_of, normalize, pascal

EVSE = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": ["available", "charging"]},
    },
}


def _operation(operation_id: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": copy.deepcopy(schema)}}}
        },
    }


def _spec(
    *operations: tuple[str, str, dict[str, Any]], schemas: dict[str, Any] | None = None
) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, operation_id, schema in operations:
        paths.setdefault(path, {})["get"] = _operation(operation_id, schema)
    return {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _wrapped(inner: dict[str, Any], description: str = "") -> dict[str, Any]:
    data = copy.deepcopy(inner)
    if description:
        data["description"] = description
    return {"type": "object", "properties": {"data": data}}


def _ref(document: dict[str, Any], path: str) -> str:
    return document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]


def test_identical_shapes_become_one_component_whatever_their_descriptions() -> None:
    spec = _spec(
        ("/evses/{id}", "evseRead", _wrapped(EVSE, "one EVSE")),
        ("/charge-points/{id}/evse", "chargePointEvseRead", _wrapped(EVSE, "the EVSE of a charge point")),
    )
    result, report = normalize(spec)
    schemas = result["components"]["schemas"]
    # The two response envelopes are one shape too; shared by two operations, it is named for what
    # both uses' names end with. The data object has no such name ("Evse" alone is one word).
    assert set(schemas) == {"EvseReadData", "EvseReadDataStatus", "EvseResponse"}
    assert (
        _ref(result, "/evses/{id}")
        == _ref(result, "/charge-points/{id}/evse")
        == "#/components/schemas/EvseResponse"
    )
    # A use's own description stays with that use, around the reference.
    assert schemas["EvseResponse"]["properties"]["data"] == {
        "allOf": [{"$ref": "#/components/schemas/EvseReadData"}],
        "description": "the EVSE of a charge point",
    }
    assert schemas["EvseReadData"]["properties"]["status"] == {
        "$ref": "#/components/schemas/EvseReadDataStatus"
    }
    # The uses disagree on the description, so the component keeps none rather than one use's wording.
    assert "description" not in schemas["EvseReadData"]
    assert report.shapes == 3


def test_names_do_not_depend_on_the_order_of_paths() -> None:
    forward = _spec(("/a", "alphaRead", _wrapped(EVSE)), ("/b", "betaRead", _wrapped(EVSE)))
    backward = _spec(("/b", "betaRead", _wrapped(EVSE)), ("/a", "alphaRead", _wrapped(EVSE)))
    first, _ = normalize(forward)
    second, _ = normalize(backward)
    assert first["components"]["schemas"] == second["components"]["schemas"]
    assert _ref(first, "/a") == _ref(second, "/a")


def test_adding_operations_that_do_not_use_a_shape_never_renames_it() -> None:
    old = _spec(("/evses/v1", "evseRead", _wrapped(EVSE)))
    new = _spec(
        ("/evses/v1", "evseRead", _wrapped(EVSE)),
        (
            "/evses/v2",
            "evseReadV2",
            _wrapped({**EVSE, "properties": {**EVSE["properties"], "power": {"type": "number"}}}),
        ),
    )
    new_schemas = normalize(new)[0]["components"]["schemas"]
    assert {"EvseReadData", "EvseReadResponse"} <= set(new_schemas)
    assert set(normalize(old)[0]["components"]["schemas"]) - set(new_schemas) == {"EvseReadDataStatus"}
    # The status enum is now used by both versions: it is named for what it is, not after evseRead.
    assert new_schemas["EvseReadV2Data"]["properties"]["status"] == {
        "$ref": "#/components/schemas/EvseStatus"
    }
    assert new_schemas["EvseReadV2Data"]["properties"]["power"] == {"type": "number"}


def test_colliding_names_fall_back_to_the_next_proposal_for_every_claimant() -> None:
    # "fooBar" + "Baz" and "foo" + "BarBaz" both make FooBarBaz; neither may keep it.
    spec = _spec(
        (
            "/1",
            "fooBar",
            {
                "type": "object",
                "properties": {"baz": {"type": "object", "properties": {"x": {"type": "string"}}}},
            },
        ),
        (
            "/2",
            "foo",
            {
                "type": "object",
                "properties": {"barBaz": {"type": "object", "properties": {"y": {"type": "string"}}}},
            },
        ),
    )
    schemas = normalize(spec)[0]["components"]["schemas"]
    baz_names = [
        name
        for name, schema in schemas.items()
        if "properties" in schema and set(schema["properties"]) in ({"x"}, {"y"})
    ]
    assert len(baz_names) == 2
    assert len(set(baz_names)) == 2
    assert "FooBarBaz" not in schemas


def test_an_existing_component_name_wins_and_titles_name_shapes() -> None:
    spec = _spec(
        ("/a", "alphaRead", _wrapped(EVSE)),
        (
            "/b",
            "betaRead",
            {
                "type": "object",
                "properties": {
                    "meta": {
                        "title": "Cursor Pagination",
                        "type": "object",
                        "properties": {"next_cursor": {"type": "string"}},
                    }
                },
            },
        ),
        schemas={"Evse": copy.deepcopy(EVSE)},
    )
    schemas = normalize(spec)[0]["components"]["schemas"]
    assert schemas["AlphaReadResponse"]["properties"]["data"] == {"$ref": "#/components/schemas/Evse"}
    assert "CursorPagination" in schemas
    assert "title" not in schemas["CursorPagination"]  # the generator would take a title as class name


def test_per_use_flags_stay_at_the_use_site() -> None:
    nullable = {**copy.deepcopy(EVSE), "nullable": True, "readOnly": True}
    spec = _spec(("/a", "alphaRead", _wrapped(EVSE)), ("/b", "gammaRead", _wrapped(nullable)))
    schemas = normalize(spec)[0]["components"]["schemas"]
    assert schemas["GammaReadResponse"]["properties"]["data"] == {
        "anyOf": [{"$ref": "#/components/schemas/AlphaReadData"}],
        "nullable": True,
        "readOnly": True,
    }
    assert "nullable" not in schemas["AlphaReadData"]


def test_all_of_of_plain_objects_is_one_object() -> None:
    merged = flatten_all_of(
        {
            "allOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"b": {"type": "integer"}}},
                {"description": "only words"},
            ],
            "title": "Both",
        }
    )
    assert merged == {
        "type": "object",
        "title": "Both",
        "description": "only words",
        "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
        "required": ["a"],
    }


def test_all_of_with_a_union_distributes_over_its_variants() -> None:
    merged = flatten_all_of(
        {
            "allOf": [
                {"type": "object", "properties": {"id": {"type": "integer"}}},
                {
                    "oneOf": [
                        {"type": "object", "properties": {"a": {"type": "string"}}},
                        {"type": "object", "properties": {"b": {"type": "string"}}},
                    ]
                },
            ]
        }
    )
    assert [sorted(v["properties"]) for v in merged["oneOf"]] == [["a", "id"], ["b", "id"]]  # type: ignore[index]


def test_callback_bodies_are_hoisted_and_named_after_the_notification() -> None:
    spec = _spec(("/a", "alphaRead", _wrapped(EVSE)))
    spec["paths"]["/a"]["get"]["callbacks"] = {
        "chargePoint.changed": {
            "{$request.body#/url}": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "notification": {"type": "string", "enum": ["chargePoint.changed"]}
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    }
    schemas = normalize(spec)[0]["components"]["schemas"]
    assert "ChargePointChangedNotification" in schemas


def test_pascal_case_names() -> None:
    assert pascal("chargePoint.changed") == "ChargePointChanged"
    assert pascal("session_filter") == "SessionFilter"
    assert pascal("3ds") == "N3ds"


def test_all_of_of_an_enum_and_a_nullable_type_is_a_nullable_enum() -> None:
    merged = flatten_all_of(
        {"allOf": [{"type": "string", "enum": ["type1", "type2"]}, {"type": "string", "nullable": True}]}
    )
    assert merged == {"type": "string", "enum": ["type1", "type2"], "nullable": True}
