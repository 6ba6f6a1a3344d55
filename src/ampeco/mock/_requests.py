"""Request validation as the real API does it: parameters and JSON bodies against the spec.

Query strings are decoded the way AMPECO's Laravel backend reads them (``filter[key]=v``,
``include[]=a``, repeated keys), coerced to the declared types, then validated with jsonschema.
The outcome is either the decoded input or the field errors of a 422 in the API's own shape.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from jsonschema import ValidationError

from ampeco.mock._operations import Operation, Parameter
from ampeco.mock._schemas import SchemaSet

_BRACKETS = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
# Deeper than any body or filter of the spec; PHP reads query keys to 64 levels, JSON to 512.
MAX_DEPTH = 32


class BadRequest(Exception):
    """Input the API rejects with 422: ``errors`` maps a dotted field to its messages."""

    MESSAGE = "The given data was invalid."

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        self.message = self.MESSAGE
        super().__init__(self.message)


class PathNotFound(Exception):
    """A path parameter that cannot name a record (``/charge-points/v2.0/abc``)."""


@dataclass
class ParsedRequest:
    path_params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False


def _split_key(raw: str) -> tuple[str, list[str]]:
    found = _BRACKETS.match(raw)
    if not found:
        return raw, []
    return found.group(1), re.findall(r"\[([^\[\]]*)\]", found.group(2))


def group_query(query_string: str) -> dict[str, list[tuple[list[str], str]]]:
    """``a[b][]=1&a[c]=2`` -> ``{"a": [(["b", ""], "1"), (["c"], "2")]}``."""
    grouped: dict[str, list[tuple[list[str], str]]] = {}
    for raw_key, value in parse_qsl(query_string, keep_blank_values=True):
        name, path = _split_key(raw_key)
        grouped.setdefault(name, []).append((path, value))
    return grouped


class TooDeep(ValueError):
    """A query key or JSON body nested deeper than the API reads."""


def bracket_tree(entries: list[tuple[list[str], str]]) -> dict[str, Any]:
    """``[(["a", ""], "1"), (["a", ""], "2"), (["b"], "3")]`` -> ``{"a": {"0": "1", "1": "2"}, "b": "3"}``.

    PHP's reading of bracketed keys: ``[]`` appends the next integer key, a repeated key keeps the
    last value, a key nested deeper than :data:`MAX_DEPTH` is refused. Arrays stay integer-keyed
    mappings until the schema says what they are (see ``RequestValidator.coerce``).
    """
    root: dict[str, Any] = {}
    for path, value in entries:
        if len(path) > MAX_DEPTH:
            raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
        node = root
        for position, key in enumerate(path):
            if key == "":
                key = str(_next_index(node))
            if position == len(path) - 1:
                node[key] = value
                break
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
    return root


def _next_index(node: Mapping[str, Any]) -> int:
    numbers = [int(key) for key in node if _INTEGER.match(key)]
    return max(numbers) + 1 if numbers else 0


def depth_of(document: Any) -> int:
    """Nesting depth of a JSON value, without recursion (a hostile body may be very deep)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


class RequestValidator:
    """Validates path, query and body of one request against its operation."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas

    # -- coercion ---------------------------------------------------------------------------
    def _shape(self, schema: Any) -> dict[str, Any]:
        """The schema with single-branch wrappers and refs peeled off (for type coercion)."""
        current = self.schemas.resolve(schema)
        for _ in range(16):
            for key in ("allOf", "anyOf", "oneOf"):
                branches = current.get(key)
                if isinstance(branches, list) and branches:
                    non_null = [b for b in branches if self.schemas.resolve(b).get("type") != "null"]
                    if non_null:
                        current = {
                            **self.schemas.resolve(non_null[0]),
                            **{k: v for k, v in current.items() if k not in (key, "$ref")},
                        }
                        break
            else:
                return current
        return current

    def coerce(self, raw: Any, schema: Any) -> Any:
        """Query text read as the declared types: ``"7"`` as 7 for an integer, brackets as objects."""
        shape = self._shape(schema)
        kind = shape.get("type")
        if isinstance(raw, dict):  # decoded from brackets: filter[a][b]=1, include[]=x, ids[0]=1
            if kind == "array":
                return [self.coerce(value, shape.get("items", {})) for value in raw.values()]
            properties = shape.get("properties")
            properties = properties if isinstance(properties, Mapping) else {}
            extra = shape.get("additionalProperties")
            fallback = extra if isinstance(extra, Mapping) else {}
            return {key: self.coerce(value, properties.get(key, fallback)) for key, value in raw.items()}
        if kind == "array":
            values = raw if isinstance(raw, list) else [raw]
            return [self.coerce(value, shape.get("items", {})) for value in values]
        if isinstance(raw, list):
            return (
                [self.coerce(value, shape) for value in raw] if len(raw) != 1 else self.coerce(raw[0], shape)
            )
        if not isinstance(raw, str):
            return raw
        if kind == "integer" and _INTEGER.match(raw):
            return int(raw)
        if kind == "number" and _NUMBER.match(raw):
            number = float(raw)
            if not math.isfinite(number):
                return raw  # 1e400: not a number the API can hold, reported by validation
            return (
                int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
            )
        if kind == "boolean" and raw.lower() in _BOOLEANS:
            return _BOOLEANS[raw.lower()]
        return raw

    def _decode_param(self, parameter: Parameter, entries: list[tuple[list[str], str]]) -> Any:
        """One parameter's query entries as PHP (and so Laravel) reads them, then coerced.

        Bracketed keys build a tree (``filter[roaming][roamingOperatorCpoIds][]=7``); without
        brackets, a repeated key is a list for an array parameter and the last value otherwise.
        """
        nested = [(path, value) for path, value in entries if path]
        if nested:
            return self.coerce(bracket_tree(nested), parameter.schema)
        values = [value for _, value in entries]
        if self._shape(parameter.schema).get("type") == "array":
            return self.coerce(values, parameter.schema)
        return self.coerce(values[-1], parameter.schema)

    # -- validation -------------------------------------------------------------------------
    def _check(self, value: Any, schema: Any, prefix: str, errors: dict[str, list[str]]) -> None:
        validator = self.schemas.validator(schema, "request")
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
            for name, message in _describe(error, prefix):
                messages = errors.setdefault(name, [])
                if message not in messages:
                    messages.append(message)

    def parse_path(self, operation: Operation, raw_path: Mapping[str, str]) -> ParsedRequest:
        """Path parameters first: a path naming nothing is a 404 before any validation."""
        parsed = ParsedRequest()
        for parameter in operation.parameters:
            if parameter.location != "path" or parameter.name not in raw_path:
                continue
            value = self.coerce(raw_path[parameter.name], parameter.schema)
            if not self.schemas.is_valid(value, parameter.schema, "request"):
                raise PathNotFound(parameter.name)
            parsed.path_params[parameter.name] = value
        return parsed

    def parse(
        self,
        operation: Operation,
        parsed: ParsedRequest,
        query_string: str,
        body: bytes,
        content_type: str | None,
    ) -> ParsedRequest:
        """Query and body, validated; raises :class:`BadRequest` with every field error."""
        errors: dict[str, list[str]] = {}
        grouped = group_query(query_string)
        for parameter in operation.parameters:
            if parameter.location != "query":
                continue
            entries = grouped.get(parameter.name)
            if not entries:
                if parameter.required:
                    errors.setdefault(parameter.name, []).append(f"The {parameter.name} field is required.")
                continue
            try:
                value = self._decode_param(parameter, entries)
            except TooDeep as deep:
                errors.setdefault(parameter.name, []).append(f"The {parameter.name} field is {deep}.")
                continue
            self._check(value, parameter.schema, parameter.name, errors)
            parsed.query[parameter.name] = value

        schema = operation.body_schema
        if schema is not None:
            self._parse_body(operation, schema, body, content_type, parsed, errors)
        if errors:
            raise BadRequest(errors)
        return parsed

    def _parse_body(
        self,
        operation: Operation,
        schema: dict[str, Any],
        body: bytes,
        content_type: str | None,
        parsed: ParsedRequest,
        errors: dict[str, list[str]],
    ) -> None:
        if not body.strip():
            if operation.body_required:
                errors["body"] = ["The request body is required."]
            return
        media = (content_type or "").split(";")[0].strip().lower()
        if media and media != "application/json" and not media.endswith("+json"):
            errors["body"] = [f"The request body must be application/json, not {media}."]
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            errors["body"] = ["The request body is not valid UTF-8."]
            return
        try:
            document = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
        except RecursionError:
            errors["body"] = [f"The request body is nested deeper than {MAX_DEPTH} levels."]
            return
        except ValueError:
            errors["body"] = ["The request body is not valid JSON."]
            return
        if depth_of(document) > MAX_DEPTH:
            errors["body"] = [f"The request body is nested deeper than {MAX_DEPTH} levels."]
            return
        parsed.body, parsed.has_body = document, True
        self._check(document, schema, "", errors)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    """``1e400`` parses to infinity, which no JSON answer can carry: refuse it like NaN."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range")
    return number


def _describe(error: ValidationError, prefix: str) -> Iterable[tuple[str, str]]:
    """``(field, message)`` pairs in Laravel's wording, for the field that is actually wrong.

    A value matching no branch of a union (a nullable field, a body of several variants) is
    described by the branch it comes closest to, so the error names the field inside it.
    """
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for suberror in error.context:
            branches.setdefault(suberror.schema_path[0] if suberror.schema_path else 0, []).append(suberror)
        closest = min(branches.values(), key=len)
        for suberror in closest:
            yield from _describe(suberror, prefix)
        return
    path = [str(part) for part in error.absolute_path]
    required = error.validator_value
    if error.validator == "required" and isinstance(error.instance, Mapping) and isinstance(required, list):
        for missing in required:
            if missing not in error.instance:
                name = ".".join(filter(None, [prefix, *path, str(missing)]))
                yield name, f"The {name} field is required."
        return
    name = ".".join(filter(None, [prefix, *path])) or "body"
    detail = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    yield name, f"The {name} field is invalid: {detail}"
