"""allOf merging: nothing any member says is lost, conflicts are resolved the documented way and reported.

The whole-spec test walks every ``allOf`` of the pinned release (after the overlay) and checks that the
normalized document keeps every property and required name of every member, down through nested
objects, arrays and unions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ampeco._openapi import escape_pointer_token, resolve_pointer
from codegen.spec import load_patched_spec
from codegen.spec.normalize import NormalizeError, normalize
from codegen.spec.normalize.all_of import AllOfFlattener, flatten_all_of

JSON = dict[str, Any]


def _object(required: list[str] | None = None, **properties: Any) -> JSON:
    schema: JSON = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def test_a_property_two_members_define_is_merged_not_replaced() -> None:
    # Upstream ChargePoint.evses[] in miniature: the last member's evses used to replace the first's.
    first = _object(
        evses={"type": "array", "items": _object(["id"], id={"type": "integer"}, name={"type": "string"})}
    )
    second = _object(evses={"type": "array", "items": _object(hardwareStatus={"type": "string"})})
    third = _object(
        ["evses"], evses={"type": "array", "items": _object(["networkId"], networkId={"type": "string"})}
    )
    merged = flatten_all_of({"allOf": [first, second, third]})
    assert isinstance(merged, dict)
    items = merged["properties"]["evses"]["items"]
    assert list(items["properties"]) == ["id", "name", "hardwareStatus", "networkId"]
    assert items["required"] == ["id", "networkId"]
    assert merged["required"] == ["evses"]


def test_nested_objects_merge_all_the_way_down() -> None:
    first = _object(a=_object(b=_object(c={"type": "string"})))
    second = _object(a=_object(["b"], b=_object(["d"], d={"type": "integer"})))
    merged = flatten_all_of({"allOf": [first, second]})
    assert isinstance(merged, dict)
    inner = merged["properties"]["a"]
    assert inner["required"] == ["b"]
    assert inner["properties"]["b"]["properties"] == {"c": {"type": "string"}, "d": {"type": "integer"}}
    assert inner["properties"]["b"]["required"] == ["d"]


def test_conflicting_constraints_are_resolved_as_documented_and_reported() -> None:
    flattener = AllOfFlattener()
    merged = flattener.flatten(
        {
            "allOf": [
                _object(
                    status={"type": "string", "enum": ["a", "b"]}, note={"type": "string", "maxLength": 5}
                ),
                _object(
                    status={"type": "string", "enum": ["b", "c"], "nullable": True},
                    note={"type": "string", "maxLength": 9, "description": "words"},
                ),
            ]
        },
        "#/x",
    )
    assert isinstance(merged, dict)
    # A client must accept what either member allows: values united, null allowed (a member that says
    # nothing about null does not disagree with one that allows it).
    assert merged["properties"]["status"] == {"type": "string", "enum": ["a", "b", "c"], "nullable": True}
    assert merged["properties"]["note"] == {"type": "string", "maxLength": 9, "description": "words"}
    reported = {(c.pointer, c.keyword) for c in flattener.conflicts}
    assert reported == {("#/x/properties/status", "enum"), ("#/x/properties/note", "maxLength")}
    assert "allOf members disagree on 'maxLength' (5 vs 9); kept 9" in str(
        next(c for c in flattener.conflicts if c.keyword == "maxLength")
    )


def test_members_that_cannot_both_hold_are_an_error_naming_the_place() -> None:
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Broken": {"allOf": [_object(id={"type": "integer"}), _object(id={"type": "string"})]},
            }
        },
    }
    with pytest.raises(
        NormalizeError, match=r"#/components/schemas/Broken/properties/id: .*'integer' and 'string'"
    ):
        normalize(spec)


# --------------------------------------------------------------------------------------------
# The whole release


def _resolved(document: JSON, node: Any) -> JSON:
    """Follow ``$ref`` and single-reference wrappers (``anyOf: [$ref], nullable``) to the schema."""
    for _ in range(64):
        if not isinstance(node, dict):
            return {}
        if isinstance(node.get("$ref"), str):
            node = resolve_pointer(document, node["$ref"])
            continue
        wrapped = [key for key in ("allOf", "anyOf") if len(node.get(key) or []) == 1]
        if wrapped and "$ref" in node[wrapped[0]][0]:
            node = node[wrapped[0]][0]
            continue
        return node
    raise AssertionError("reference cycle")


def _members(node: JSON) -> list[JSON]:
    """``node`` and, recursively, its allOf members: everything an instance must satisfy at once."""
    found = [node]
    for member in node.get("allOf") or []:
        if isinstance(member, dict):
            found += _members(member)
    return found


def _union_of(members: list[JSON]) -> JSON | None:
    for member in members:
        for key in ("oneOf", "anyOf"):
            if isinstance(member.get(key), list) and len(member[key]) > 1:
                return member
    return None


def _check(patched: JSON, normalized_doc: JSON, normalized: Any, where: str) -> Iterator[str]:
    """Every property and required name ``patched`` (with its allOf members) declares is in ``normalized``."""
    target = _resolved(normalized_doc, normalized)
    members = _members(patched)
    properties: dict[str, list[JSON]] = {}
    required: set[str] = set()
    for member in members:
        for name, schema in (member.get("properties") or {}).items():
            properties.setdefault(name, []).append(schema)
        required.update(member.get("required") or [])
    union = _union_of(members) if "allOf" in patched else None
    if union is not None and not target.get("properties"):
        # allOf distributed over a oneOf: every variant carries the common part and its own.
        key = "oneOf" if "oneOf" in union else "anyOf"
        variants = target.get("oneOf") or target.get("anyOf") or []
        if len(variants) != len(union[key]):
            yield f"{where}: {len(union[key])} variants became {len(variants)}"
            return
        common = [m for m in members if m is not union]
        for index, (variant, merged) in enumerate(zip(union[key], variants, strict=True)):
            yield from _check({"allOf": [*common, variant]}, normalized_doc, merged, f"{where}/{key}/{index}")
        return
    have = target.get("properties") or {}
    missing = sorted(set(properties) - set(have))
    if missing:
        yield f"{where}: properties {missing} lost"
    lost_required = sorted(required - set(target.get("required") or []))
    if lost_required:
        yield f"{where}: required {lost_required} lost"
    for name, schemas in properties.items():
        if name in have:
            for schema in schemas:
                if isinstance(schema, dict):
                    yield from _check(
                        schema, normalized_doc, have[name], f"{where}/properties/{escape_pointer_token(name)}"
                    )
    for member in members:
        if isinstance(member.get("items"), dict):
            yield from _check(member["items"], normalized_doc, target.get("items"), f"{where}/items")
    if "allOf" not in patched:
        for key in ("oneOf", "anyOf"):
            ours, theirs = patched.get(key), target.get(key)
            if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
                for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
                    if isinstance(a, dict):
                        yield from _check(a, normalized_doc, b, f"{where}/{key}/{index}")


def _all_of_roots(node: Any, pointer: str) -> Iterator[tuple[str, JSON]]:
    """The outermost ``allOf`` schemas (inner ones are checked through them)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _all_of_roots(item, f"{pointer}/{index}")
    elif isinstance(node, dict):
        if "allOf" in node:
            yield pointer, node
            return
        for key, value in node.items():
            if key not in ("example", "examples"):
                yield from _all_of_roots(value, f"{pointer}/{escape_pointer_token(str(key))}")


def _counterpart(document: JSON, pointer: str) -> Any:
    """The node at ``pointer`` in the normalized document, following hoisted references on the way."""
    node: Any = document
    for token in pointer.removeprefix("#/").split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and (key not in ("allOf", "anyOf", "oneOf") or "$ref" in node):
            node = _resolved(document, node)
        node = node[int(key)] if isinstance(node, list) else node.get(key) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def test_every_all_of_member_keeps_its_properties_and_required_names_in_the_release() -> None:
    patched, _ = load_patched_spec()
    normalized, _ = normalize(patched)
    roots = list(_all_of_roots(patched["paths"], "#/paths"))
    roots += list(_all_of_roots(patched["components"].get("schemas", {}), "#/components/schemas"))
    assert len(roots) >= 150
    problems: list[str] = []
    checked = 0
    for pointer, node in roots:
        counterpart = _counterpart(normalized, pointer)
        if counterpart is None:
            problems.append(f"{pointer}: no counterpart in the normalized document")
            continue
        problems += list(_check(node, normalized, counterpart, pointer))
        checked += 1
    assert not problems, "\n".join(problems[:30])
    assert checked == len(roots)
