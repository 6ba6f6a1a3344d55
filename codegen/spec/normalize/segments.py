"""Segments: how a child schema extends its parent's name (a property, ``Item``, ``Value``, a variant)."""

from __future__ import annotations

from ampeco._openapi import unescape_pointer_token
from codegen.spec.normalize.schema import COMPOSITIONS, JSON, child_schemas
from codegen.spec.normalize.words import pascal


def child_segments(node: JSON) -> list[tuple[str, JSON, str]]:
    """(JSON-pointer suffix, child schema, naming segment) for each direct sub-schema of ``node``."""
    variants: dict[str, str] = {}
    for key in COMPOSITIONS:
        members = node.get(key)
        if isinstance(members, list):
            variants.update(_variant_segments(key, members))
    found = []
    for pointer, child in child_schemas(node):
        kind, _, rest = pointer.partition("/")
        if kind == "properties":
            segment = pascal(unescape_pointer_token(rest))
        elif kind == "items":
            segment = "Item"
        elif kind == "additionalProperties":
            segment = "Value"
        elif kind == "not":
            segment = "Not"
        else:
            segment = variants[pointer]
        found.append((pointer, child, segment))
    return found


def _variant_segments(key: str, members: list[object]) -> dict[str, str]:
    """A name for each variant of a union: its title, its constant, a property only it has, else a number."""
    objects = [(i, m) for i, m in enumerate(members) if isinstance(m, dict)]
    properties = {i: set(m.get("properties") or {}) for i, m in objects}
    chosen: dict[int, str] = {}
    for index, member in objects:
        title = member.get("title")
        if isinstance(title, str) and title.strip():
            chosen[index] = pascal(title)
            continue
        if any(key in member for key in COMPOSITIONS) or len(objects) == 1:
            chosen[index] = ""  # a union in a union, or the only variant: nothing to tell apart
            continue
        constant = _constant(member)
        if constant is not None:
            chosen[index] = pascal(constant)
            continue
        others = set().union(*(props for i, props in properties.items() if i != index))
        own = [name for name in (member.get("properties") or {}) if name not in others]
        required = [name for name in own if name in (member.get("required") or [])]
        if own:
            chosen[index] = "With" + pascal((required or own)[0])
    if len(set(chosen.values())) != len(chosen):
        chosen = {}  # two variants would share a name: number them all instead
    number = 0
    segments = {}
    for index, _ in objects:
        if index not in chosen:
            number += 1
        segments[f"{key}/{index}"] = chosen.get(index, f"Variant{number}")
    return segments


def _constant(member: JSON) -> str | None:
    """The value of the property a variant fixes to one string (``type: {enum: [solar]}``)."""
    for schema in (member.get("properties") or {}).values():
        if isinstance(schema, dict):
            values = schema.get("enum")
            if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str):
                return values[0]
    return None
