"""Compare two (dereferenced) schemas: fields, required flags, enum values and types.

Direction matters. In what a client *sends* (parameters, request bodies) a narrower type or a
new required field breaks callers; in what it *receives* (responses) a wider type breaks them
(code written for ``integer`` now meets floats, for a non-null value now meets ``None``).
A removed field or a removed enum value breaks both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from codegen.diff.changes import Area, Kind

JSON = dict[str, Any]
# The generated client maps these formats to their own Python types (datetime, date, File, UUID);
# any other format is documentation only.
TYPED_FORMATS = frozenset({"date", "date-time", "binary", "uuid"})
MAX_DEPTH = 40


@dataclass(frozen=True)
class SchemaChange:
    """A change inside one schema; ``where`` is the field path (``data[].status``), empty at the root."""

    kind: Kind
    breaking: bool
    where: str
    detail: str
    old: Any = None
    new: Any = None


Emit = Callable[[SchemaChange], None]


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def type_set(schema: JSON) -> frozenset[str]:
    """The JSON types a schema admits, ``null`` included when ``nullable``; ``any`` when unconstrained."""
    types: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, list):
        types.update(str(t) for t in declared)
    elif isinstance(declared, str):
        types.add(declared)
    elif "properties" in schema or "additionalProperties" in schema:
        types.add("object")
    elif "items" in schema:
        types.add("array")
    elif isinstance(schema.get("enum"), list):
        types.update(_json_type(value) for value in schema["enum"])
    else:
        variants = [v for key in ("oneOf", "anyOf") for v in schema.get(key) or [] if isinstance(v, dict)]
        for variant in variants:
            types |= type_set(variant)
        if not variants:
            types.add("any")
    if schema.get("nullable") is True:
        types.add("null")
    return frozenset(types)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Every value of a ``narrow``-typed schema is valid for ``wide``."""
    if "any" in wide:
        return True
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _describe(types: frozenset[str]) -> str:
    return " | ".join(sorted(types))


def _verdict(old_covers_new: bool, new_covers_old: bool, area: Area) -> tuple[bool, str]:
    """(breaking, how) for a change from old to new of the set of admitted values."""
    if new_covers_old and not old_covers_new:
        return area.received, "widened"
    if old_covers_new and not new_covers_old:
        return not area.received, "narrowed"
    return True, "changed"


def _enum_key(value: object) -> str:
    return json.dumps(value, sort_keys=True)


class SchemaDiffer:
    """Walks two schemas side by side and emits every difference a client user can notice."""

    def __init__(self, area: Area, emit: Emit) -> None:
        self.area = area
        self.emit = emit

    def diff(self, old: JSON, new: JSON, where: str = "", depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        if "$ref" in old or "$ref" in new:
            # A recursive schema met again: compare by the name it points at.
            if old.get("$ref") != new.get("$ref"):
                self.emit(
                    SchemaChange(
                        Kind.TYPE_CHANGED,
                        True,
                        where,
                        "recursive reference changed",
                        old.get("$ref"),
                        new.get("$ref"),
                    )
                )
            return
        if self._types(old, new, where):
            return
        self._format(old, new, where)
        self._enum(old, new, where)
        self._properties(old, new, where, depth)
        self._nested(old, new, where, depth)

    def _types(self, old: JSON, new: JSON, where: str) -> bool:
        """Report a change of JSON type; True when the types are unrelated (nothing below compares)."""
        old_types, new_types = type_set(old), type_set(new)
        if old_types == new_types:
            return False
        old_covers, new_covers = covers(old_types, new_types), covers(new_types, old_types)
        breaking, how = _verdict(old_covers, new_covers, self.area)
        detail = f"{how}: {_describe(old_types)} -> {_describe(new_types)}"
        self.emit(
            SchemaChange(Kind.TYPE_CHANGED, breaking, where, detail, sorted(old_types), sorted(new_types))
        )
        return not (old_types & new_types) and how == "changed"

    def _format(self, old: JSON, new: JSON, where: str) -> None:
        old_format, new_format = old.get("format"), new.get("format")
        if old_format == new_format or not ({old_format, new_format} & TYPED_FORMATS):
            return
        detail = f"format {old_format or '(none)'} -> {new_format or '(none)'} (a different Python type)"
        self.emit(SchemaChange(Kind.TYPE_CHANGED, True, where, detail, old_format, new_format))

    def _enum(self, old: JSON, new: JSON, where: str) -> None:
        old_values, new_values = old.get("enum"), new.get("enum")
        if isinstance(old_values, list) and isinstance(new_values, list):
            old_keys = {_enum_key(v): v for v in old_values}
            new_keys = {_enum_key(v): v for v in new_values}
            for key in sorted(new_keys.keys() - old_keys.keys()):
                self.emit(SchemaChange(Kind.ENUM_VALUE_ADDED, False, where, f"`{key}`", None, new_keys[key]))
            for key in sorted(old_keys.keys() - new_keys.keys()):
                self.emit(SchemaChange(Kind.ENUM_VALUE_REMOVED, True, where, f"`{key}`", old_keys[key], None))
        elif isinstance(new_values, list):
            breaking, how = _verdict(True, False, self.area)
            detail = f"{how}: now restricted to {len(new_values)} enum values"
            self.emit(SchemaChange(Kind.TYPE_CHANGED, breaking, where, detail, None, new_values))
        elif isinstance(old_values, list):
            breaking, how = _verdict(False, True, self.area)
            detail = f"{how}: no longer restricted to enum values"
            self.emit(SchemaChange(Kind.TYPE_CHANGED, breaking, where, detail, old_values, None))

    def _properties(self, old: JSON, new: JSON, where: str, depth: int) -> None:
        old_props: JSON = old.get("properties") or {}
        new_props: JSON = new.get("properties") or {}
        if not old_props and not new_props:
            return
        old_required = set(old.get("required") or [])
        new_required = set(new.get("required") or [])
        sends = not self.area.received
        for name in sorted(new_props.keys() - old_props.keys()):
            required = name in new_required
            breaking = sends and required
            detail = "required" if required else "optional"
            self.emit(SchemaChange(Kind.FIELD_ADDED, breaking, _join(where, name), detail, None, required))
        for name in sorted(old_props.keys() - new_props.keys()):
            self.emit(
                SchemaChange(Kind.FIELD_REMOVED, True, _join(where, name), "", name in old_required, None)
            )
        for name in sorted(old_props.keys() & new_props.keys()):
            was, now = name in old_required, name in new_required
            if was != now:
                # Sending: a newly required field breaks. Receiving: a field that may now be absent breaks.
                breaking = now if sends else was
                detail = "now required" if now else "now optional"
                self.emit(
                    SchemaChange(Kind.FIELD_REQUIRED_CHANGED, breaking, _join(where, name), detail, was, now)
                )
            old_child, new_child = old_props[name], new_props[name]
            if isinstance(old_child, dict) and isinstance(new_child, dict):
                self.diff(old_child, new_child, _join(where, name), depth + 1)

    def _nested(self, old: JSON, new: JSON, where: str, depth: int) -> None:
        for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            old_child, new_child = old.get(key), new.get(key)
            if isinstance(old_child, dict) and isinstance(new_child, dict):
                self.diff(old_child, new_child, where + suffix, depth + 1)
        for key in ("oneOf", "anyOf"):
            old_variants = [v for v in old.get(key) or [] if isinstance(v, dict)]
            new_variants = [v for v in new.get(key) or [] if isinstance(v, dict)]
            if len(old_variants) != len(new_variants) and old_variants and new_variants:
                how_old_covers = len(old_variants) > len(new_variants)
                breaking, how = _verdict(how_old_covers, not how_old_covers, self.area)
                detail = f"{how}: {key} has {len(new_variants)} variants (was {len(old_variants)})"
                self.emit(
                    SchemaChange(
                        Kind.TYPE_CHANGED, breaking, where, detail, len(old_variants), len(new_variants)
                    )
                )
            for index, (old_v, new_v) in enumerate(zip(old_variants, new_variants, strict=False)):
                self.diff(old_v, new_v, f"{where}<{key}[{index}]>", depth + 1)
