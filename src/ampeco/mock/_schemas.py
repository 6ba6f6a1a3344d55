"""OpenAPI 3.0 schemas as JSON Schema, and cached jsonschema validators for them.

The spec's schemas are OpenAPI 3.0 dialect (``nullable``, ``readOnly``, ``writeOnly``); jsonschema
speaks Draft 4 (the dialect OpenAPI 3.0 derives from). Conversion happens once per direction:
requests must not be forced to send ``readOnly`` fields, and responses may not carry ``writeOnly`` ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from jsonschema import Draft4Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from ampeco.mock._formats import format_checker

Direction = Literal["request", "response"]
Schema = dict[str, Any]

_LOCAL_PREFIX = "#/components/schemas/"
_LISTS = ("allOf", "anyOf", "oneOf")
NEVER: Schema = {"not": {}}
_RECENT = 8192  # identity-cached validators for schemas built on the fly (oldest dropped first)


FORMATS = format_checker()


def _multiple_of(validator: Any, step: Any, instance: Any, schema: Any) -> Any:
    """``multipleOf`` in decimal arithmetic: 8.1 is a multiple of 0.1, as the API (and every decimal
    reader) sees it, where float division says 80.99999999999999."""
    if not validator.is_type(instance, "number"):
        return
    try:
        exact = Decimal(repr(instance)) % Decimal(repr(step)) == 0
    except (InvalidOperation, ValueError):  # beyond decimal precision: float division decides
        quotient = instance / step
        exact = quotient == int(quotient) if abs(quotient) < 2**63 else True
    if not exact:
        yield ValidationError(f"{instance!r} is not a multiple of {step}")


# Draft 4 with decimal multipleOf: the validator class behind every mock validation.
MockValidator = validators.extend(Draft4Validator, {"multipleOf": _multiple_of})  # type: ignore[no-untyped-call]


def _base_uri(direction: Direction) -> str:
    return f"urn:ampeco-mock:{direction}"


class SchemaSet:
    """The component schemas of one spec, resolvable and validatable in both directions."""

    def __init__(self, components: Mapping[str, Any]) -> None:
        self.components: dict[str, Schema] = dict(components)
        self._converted: dict[Direction, dict[str, Schema]] = {
            direction: {name: self.convert(schema, direction) for name, schema in self.components.items()}
            for direction in ("request", "response")
        }
        resources = [
            (
                _base_uri(direction),
                Resource.from_contents({"components": {"schemas": converted}}, default_specification=DRAFT4),
            )
            for direction, converted in self._converted.items()
        ]
        self._registry: Registry[Any] = Registry().with_resources(resources)
        self._validators: dict[tuple[int, Direction], Draft4Validator] = {}
        self._keep: list[Any] = []
        self._fresh: dict[str, Draft4Validator] = {}
        self._recent: dict[tuple[int, Direction], tuple[Any, Draft4Validator]] = {}

    # -- resolution -------------------------------------------------------------------------
    def resolve(self, schema: Any) -> Schema:
        """Follow local ``$ref``s to the schema they name."""
        seen = 0
        while isinstance(schema, Mapping) and "$ref" in schema and seen < 64:
            ref = str(schema["$ref"])
            if not ref.startswith(_LOCAL_PREFIX):
                return {}
            schema = self.components.get(ref[len(_LOCAL_PREFIX) :], {})
            seen += 1
        return dict(schema) if isinstance(schema, Mapping) else {}

    def has_flag(self, schema: Any, flag: str) -> bool:
        """``readOnly``/``writeOnly`` on a use site, its single-``$ref`` wrapper, or the target."""
        if not isinstance(schema, Mapping):
            return False
        if schema.get(flag) is True:
            return True
        if "$ref" in schema:
            return self.resolve(schema).get(flag) is True
        for key in _LISTS:
            branches = schema.get(key)
            if isinstance(branches, list) and len(branches) == 1:
                return self.has_flag(branches[0], flag)
        return False

    # -- conversion -------------------------------------------------------------------------
    def convert(self, schema: Any, direction: Direction) -> Any:
        """One OpenAPI 3.0 schema as Draft 4 JSON Schema, refs pointing into the registry."""
        if not isinstance(schema, Mapping):
            return schema
        out: Schema = {}
        for key, value in schema.items():
            if key == "$ref":
                ref = str(value)
                out[key] = _base_uri(direction) + ref if ref.startswith("#/") else ref
            elif key == "properties" and isinstance(value, Mapping):
                # A writeOnly field "SHALL NOT be sent as part of the response": a response holding
                # one is invalid (as Schemathesis judges it), so the mock never echoes one back.
                out[key] = {
                    name: NEVER
                    if direction == "response" and self.has_flag(sub, "writeOnly")
                    else self.convert(sub, direction)
                    for name, sub in value.items()
                }
            elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, Mapping)):
                out[key] = self.convert(value, direction)
            elif key in _LISTS and isinstance(value, list):
                # Laravel validates request fields, not variants: a body fitting several overlapping
                # oneOf variants is accepted, so requests read oneOf as anyOf.
                name = "anyOf" if key == "oneOf" and direction == "request" else key
                out[name] = [self.convert(sub, direction) for sub in value]
            elif key in ("nullable", "readOnly", "writeOnly", "discriminator", "example", "xml"):
                continue
            else:
                out[key] = value
        hidden = "readOnly" if direction == "request" else "writeOnly"
        properties = schema.get("properties")
        if isinstance(out.get("required"), list) and isinstance(properties, Mapping):
            kept = [name for name in out["required"] if not self.has_flag(properties.get(name), hidden)]
            if kept:
                out["required"] = kept
            else:
                del out["required"]
        if schema.get("nullable") is True:
            out = _allow_null(out)
        return out

    # -- validation -------------------------------------------------------------------------
    def validator(self, schema: Any, direction: Direction) -> Draft4Validator:
        """A cached validator for a use-site schema (the spec's own object, not a copy)."""
        key = (id(schema), direction)
        found = self._validators.get(key)
        if found is None:
            converted = self.convert(schema, direction)
            found = MockValidator(converted, registry=self._registry, format_checker=FORMATS)
            self._validators[key] = found
            self._keep.append(schema)  # keeps id() stable for the cache's lifetime
        return found

    def is_valid(self, value: Any, schema: Any, direction: Direction = "response") -> bool:
        return bool(self.validator(schema, direction).is_valid(value))

    def is_valid_fresh(self, value: Any, schema: Any, direction: Direction = "response") -> bool:
        """Like ``is_valid`` for schemas built on the fly (cached by identity, then by content)."""
        by_id = self._recent.get((id(schema), direction))
        if by_id is not None and by_id[0] is schema:
            return bool(by_id[1].is_valid(value))
        key = json.dumps(schema, sort_keys=True, default=str) + direction
        found = self._fresh.get(key)
        if found is not None:
            self._remember(schema, direction, found)
        else:
            found = MockValidator(
                self.convert(schema, direction),
                registry=self._registry,
                format_checker=FORMATS,
            )
            self._fresh[key] = found
            self._remember(schema, direction, found)
        return bool(found.is_valid(value))

    def _remember(self, schema: Any, direction: Direction, validator: Draft4Validator) -> None:
        if len(self._recent) >= _RECENT:
            self._recent.pop(next(iter(self._recent)))
        self._recent[(id(schema), direction)] = (schema, validator)


def _allow_null(schema: Schema) -> Schema:
    """Draft 4 spelling of OpenAPI's ``nullable: true``."""
    kind = schema.get("type")
    if isinstance(kind, str) and not any(key in schema for key in (*_LISTS, "$ref")):
        widened = dict(schema, type=[kind, "null"])
        if isinstance(widened.get("enum"), list) and None not in widened["enum"]:
            widened["enum"] = [*widened["enum"], None]
        return widened
    return {"anyOf": [schema, {"type": "null"}]}
