"""The JSON Schema vocabulary the normalizer's stages share: which keys document, which belong to one
use of a shape, which schemas are hoisted, and how a schema's direct sub-schemas are reached."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ampeco._openapi import escape_pointer_token

JSON = dict[str, Any]

# Documentation only: never part of a shape.
DOC_KEYS = frozenset({"description", "example", "examples", "title", "externalDocs", "xml", "deprecated"})
# Properties of one use of a shape, not of the shape: they stay at the use site.
SITE_KEYS = ("nullable", "default", "readOnly", "writeOnly")
COMPOSITIONS = ("allOf", "anyOf", "oneOf")
SCHEMA_REF_PREFIX = "#/components/schemas/"


class NormalizeError(ValueError):
    """The document cannot be normalized (names the JSON pointer of the offending node)."""


def is_documentation(key: str) -> bool:
    """A key that only documents a schema (``description``, ``x-*`` extensions...)."""
    return key in DOC_KEYS or key.startswith("x-")


def is_object_schema(node: JSON) -> bool:
    if any(key in node for key in COMPOSITIONS) or "enum" in node:
        return False
    return node.get("type") == "object" or "properties" in node


def is_enum_schema(node: JSON) -> bool:
    return "enum" in node and not any(key in node for key in COMPOSITIONS)


def is_hoistable(node: object) -> bool:
    """Objects and enums become named components; everything else stays inline."""
    return isinstance(node, dict) and "$ref" not in node and (is_object_schema(node) or is_enum_schema(node))


def child_schemas(node: JSON) -> Iterator[tuple[str, JSON]]:
    """(JSON-pointer suffix, child schema) for each direct sub-schema of ``node``."""
    for prop, child in (node.get("properties") or {}).items():
        if isinstance(child, dict):
            yield f"properties/{escape_pointer_token(prop)}", child
    items = node.get("items")
    if isinstance(items, dict):
        yield "items", items
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        yield "additionalProperties", extra
    for key in COMPOSITIONS:
        for index, member in enumerate(node.get(key) or []):
            if isinstance(member, dict):
                yield f"{key}/{index}", member
    negated = node.get("not")
    if isinstance(negated, dict):
        yield "not", negated


def walk_dicts(node: object, visit: Callable[[JSON], None]) -> None:
    """Call ``visit`` on every dict below ``node``, parents first; examples are data, not schemas."""
    if isinstance(node, list):
        for item in node:
            walk_dicts(item, visit)
        return
    if not isinstance(node, dict):
        return
    visit(node)
    for key, value in node.items():
        if key not in ("example", "examples") and isinstance(value, (dict, list)):
            walk_dicts(value, visit)
