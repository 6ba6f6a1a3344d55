"""Listing filters with the API's meaning, derived from the spec for every listing.

Each key of a listing's ``filter`` object gets one rule, read off the filter schema and the
schema of the records listed:

* a key naming a record field: equality for a scalar (``filter[status]=active``), membership for an
  array (``filter[userId][]=1&filter[userId][]=2``; a record holding a list matches on any common
  member), and the same rules one level down for a nested object (``filter[roaming][...]``);
* ``<stem>From/After/Since`` and ``<stem>To/Before`` on a date-time or date: an inclusive range on
  the field ``<stem>``, ``<stem>At``, ``<stem>Time`` or ``<stem>Date`` (``startDateTimeFrom`` ranges
  over ``startTime``); ``<stem>GreaterThan/LessThan``: an exclusive numeric range;
* ``<stem>Ids`` (an array) naming no field: membership on ``<stem>Id``; a key naming no field
  whose plural is an array field: membership in it (``filter[tag]`` over ``tags``).

Equality compares as the API's database would: ``"7"`` equals ``7``, ``"true"``/``"1"`` equal
``true``, two spellings of one instant are equal, and a date equals any date-time on that day.

A key none of these rules can honour (it names something the records do not carry, such as
``filter[partnerId]`` on charge points) narrows nothing; the answer then carries
``X-Mock-Ignored-Filters`` with the keys and the ``ampeco.mock`` logger warns, so a test of a
filtered export never passes silently against an unfiltered one.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import quote

from ampeco.mock._operations import Operation
from ampeco.mock._resources import ResourceModel
from ampeco.mock._synth import Synthesizer

IGNORED_HEADER = "X-Mock-Ignored-Filters"
logger = logging.getLogger("ampeco.mock")

Kind = Literal["equal", "member", "nested", "from", "to", "above", "below"]
_FIELD_SUFFIXES = ("", "At", "Time", "Date", "DateTime")
_RANGES: tuple[tuple[tuple[str, ...], Kind], ...] = (
    (("From", "After", "Since"), "from"),
    (("To", "Before"), "to"),
    (("GreaterThan",), "above"),
    (("LessThan",), "below"),
)
_TRUE = {"true", "1"}
_FALSE = {"false", "0"}


@dataclass(frozen=True)
class Rule:
    """How one filter key narrows records: ``kind`` over the record field ``field``."""

    key: str
    kind: Kind
    field: str
    nested: dict[str, Rule | None] = dataclasses.field(default_factory=dict)

    def matches(self, record: Mapping[str, Any], expected: Any) -> bool:
        if self.field not in record:
            return False
        actual = record[self.field]
        if self.kind == "nested":
            if not isinstance(actual, Mapping) or not isinstance(expected, Mapping):
                return False
            return all(
                rule.matches(actual, expected[key])
                for key, rule in self.nested.items()
                if rule is not None and key in expected
            )
        if self.kind in ("equal", "member"):
            wanted = expected if isinstance(expected, list) else [expected]
            held = actual if isinstance(actual, list) else [actual]
            return any(_same(have, want) for have in held for want in wanted)
        if self.kind in ("from", "to"):
            moment, bound = _moment(actual), _moment(expected)
            if moment is None or bound is None:
                return False
            return moment >= bound if self.kind == "from" else moment <= bound
        number, bound_number = _number(actual), _number(expected)
        if number is None or bound_number is None:
            return False
        return number > bound_number if self.kind == "above" else number < bound_number


@dataclass(frozen=True)
class Outcome:
    records: list[Any]
    ignored: list[str]


class FilterPlanner:
    """The rules of every listing's filter keys, worked out once per operation."""

    def __init__(self, synth: Synthesizer, resources: ResourceModel) -> None:
        self.synth = synth
        self.resources = resources
        self._plans: dict[str, dict[str, Rule | None]] = {}

    def plan(self, operation: Operation) -> dict[str, Rule | None]:
        """The rule of each key of the listing's ``filter`` (``None``: a key it cannot honour)."""
        found = self._plans.get(operation.operation_id)
        if found is None:
            found = {}
            role = self.resources.roles[operation.operation_id]
            parameter = next((p for p in operation.parameters if p.name == "filter"), None)
            if role.kind == "list" and parameter is not None and role.shape.schema is not None:
                listing = self.synth.flatten(role.shape.schema).get("properties", {})
                schemas = [self.synth.flatten(listing.get("data", {})).get("items", {})]
                info = self.resources.collections.get(role.collection or "")
                if info is not None and info.record_schema is not None:
                    schemas.append(info.record_schema)
                fields: dict[str, Any] = {}
                for schema in schemas:
                    properties = self.synth.flatten(schema).get("properties")
                    if isinstance(properties, Mapping):
                        fields = {**properties, **fields}
                found = self._rules(parameter.schema, fields)
            self._plans[operation.operation_id] = found
        return found

    def unhonoured(self, operations: Iterable[Operation]) -> dict[str, list[str]]:
        """``"GET /path"`` -> the filter keys of that listing that narrow nothing (answered with a header)."""
        found: dict[str, list[str]] = {}
        for operation in operations:
            keys = [key for key, rule in self.plan(operation).items() if rule is None]
            if keys:
                found[operation.key] = keys
        return found

    def _rules(self, filter_schema: Any, fields: Mapping[str, Any]) -> dict[str, Rule | None]:
        properties = self.synth.flatten(filter_schema).get("properties")
        if not isinstance(properties, Mapping):
            return {}
        return {key: self._rule(key, sub, fields) for key, sub in properties.items()}

    def _rule(self, key: str, schema: Any, fields: Mapping[str, Any]) -> Rule | None:
        flat = self.synth.flatten(schema)
        if key in fields:
            target = self.synth.flatten(fields[key])
            if flat.get("type") == "object" and isinstance(target.get("properties"), Mapping):
                return Rule(key, "nested", key, self._rules(flat, target["properties"]))
            return Rule(key, "member" if flat.get("type") == "array" else "equal", key)
        for suffixes, kind in _RANGES:
            for suffix in suffixes:
                if key.endswith(suffix) and len(key) > len(suffix):
                    found = _field_for(key[: -len(suffix)], fields)
                    if found is not None:
                        return Rule(key, kind, found)
        if key.endswith("Ids") and flat.get("type") == "array" and key[:-1] in fields:
            return Rule(key, "member", key[:-1])
        plural = fields.get(key + "s")
        if plural is not None and self.synth.flatten(plural).get("type") == "array":
            return Rule(key, "member", key + "s")  # filter[tag]=x over a record's tags
        return None


def apply(records: list[Any], filters: Mapping[str, Any], rules: Mapping[str, Rule | None]) -> Outcome:
    """``records`` narrowed by every honoured filter; the keys no rule could honour, in order."""
    ignored = [key for key in filters if rules.get(key) is None]
    ignored += [
        f"{key}[{sub}]"
        for key, rule in rules.items()
        if rule is not None and rule.kind == "nested" and isinstance(filters.get(key), Mapping)
        for sub in filters[key]
        if rule.nested.get(sub) is None
    ]
    active = [(rules[key], value) for key, value in filters.items() if rules.get(key) is not None]
    kept = [
        record
        for record in records
        if isinstance(record, Mapping) and all(rule.matches(record, value) for rule, value in active if rule)
    ]
    if ignored:
        logger.warning("mock tenant ignored filter keys it cannot honour: %s", describe(ignored))
    return Outcome(kept, ignored)


def describe(keys: list[str]) -> str:
    """Keys for a header or a log line: percent-encoded, so any key a client sends stays one line."""
    return ", ".join(quote(key, safe="[]._-") for key in keys)


def _field_for(stem: str, fields: Mapping[str, Any]) -> str | None:
    candidates = [stem + suffix for suffix in _FIELD_SUFFIXES]
    if stem.endswith("DateTime"):
        base = stem[: -len("DateTime")]
        candidates += [base + "Time", base + "At", base]
    return next((name for name in candidates if name in fields), None)


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, bool):
        text = str(expected).lower()
        return text in _TRUE if actual else text in _FALSE
    if isinstance(actual, int | float) and not isinstance(expected, bool):
        number = _number(expected)
        return number is not None and number == actual
    if isinstance(actual, str) and isinstance(expected, str) and actual != expected:
        left, right = _moment(actual), _moment(expected)
        if left is None or right is None:
            return False
        if len(expected) == len("2024-05-01") and len(actual) > len(expected):
            return left.date() == right.date()  # filter[createdAt]=2024-05-01 over date-times
        return left == right  # one instant, two spellings
    return str(actual) == str(expected)


def _moment(value: Any) -> datetime | None:
    """A date-time or date as an aware instant (naive readings are UTC, dates are midnight)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and len(value) >= 10 and value[:4].isdigit():
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
