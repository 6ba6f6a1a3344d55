"""Schema-valid response values: synthesized from schemas, deterministic for a seed.

``value`` invents an instance of a schema (``full=True``: every property at every depth, every array
and typed map non-empty, as a benchmark's full page or a mutation test's base instance needs);
``conform`` projects a stored record onto a schema (keeping what fits, inventing what is missing), so
one record answers every version of its resource.
Randomness comes only from ``random.Random`` seeded by the tenant seed plus a context string.

Speed (every listed record is conformed on every request): when conforming a record to a schema keeps
it entirely (nothing invented, nothing converted: the answer equals the record's projection, its
declared fields only), that is remembered by the record's content, and the same content is only
projected next time. Schema verdicts are remembered by content too. Listing the same records again
costs a serialization and a walk, not a validation, and gives exactly the same answer.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ampeco.mock._schemas import Schema, SchemaSet

_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_WORDS = ("amber", "birch", "cedar", "delta", "ember", "fjord", "gale", "harbor", "iris", "juniper")
_PATTERN_CANDIDATES = ("12:30", "12:30:00", "BG", "DE", "2024-05-01", "A1", "1")
_FULL_DEPTH = 3
_MAX_DEPTH = 8
_FLAT_CACHE = 8192
_MEMO_SIZE = 16384  # entries per memo below; the oldest are dropped first
_SCALARS = (str, int, float, bool, type(None))
_MISSING = object()


class _Memo:
    """A bounded memo keyed by an object's identity (plus an optional key). Each entry holds its
    object, so the id cannot be reused by another object while the entry lives."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[tuple[int, object], tuple[Any, Any]] = {}

    def get(self, owner: Any, key: object = None) -> Any:
        entry = self._entries.get((id(owner), key))
        return entry[1] if entry is not None and entry[0] is owner else _MISSING

    def put(self, owner: Any, value: Any, key: object = None) -> None:
        if len(self._entries) >= _MEMO_SIZE:
            self._entries.pop(next(iter(self._entries)))
        self._entries[(id(owner), key)] = (owner, value)

    def __len__(self) -> int:
        return len(self._entries)


class Synthesizer:
    """Invents and conforms JSON values for the schemas of one spec."""

    def __init__(self, schemas: SchemaSet, seed: int, *, full: bool = False) -> None:
        self.schemas = schemas
        self.seed = seed
        self.full = full
        self._flat: dict[int, tuple[Any, Schema]] = {}
        self._verdicts = _Memo()  # (schema, value content) -> fits
        self._write_only = _Memo()  # schema -> writeOnly
        self._plans = _Memo()  # flattened schema -> how _project walks it
        self._projectable = _Memo()  # (flattened schema, record content) -> conform keeps it whole

    def rng(self, *context: object) -> random.Random:
        return random.Random("|".join([str(self.seed), *map(str, context)]))

    # -- schema helpers ---------------------------------------------------------------------
    def flatten(self, schema: Any, depth: int = 0) -> Schema:
        """Resolve ``$ref`` and merge ``allOf`` into one schema (properties and required unioned).

        Memoized by identity, so the same spec schema always flattens to the same object (which keeps
        the validator caches keyed by identity warm).
        """
        cached = self._flat.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        flat = self._flatten(schema, depth)
        if len(self._flat) >= _FLAT_CACHE:
            self._flat.pop(next(iter(self._flat)))
        self._flat[id(schema)] = (schema, flat)
        return flat

    def _flatten(self, schema: Any, depth: int = 0) -> Schema:
        resolved = self.schemas.resolve(schema)
        branches = resolved.get("allOf")
        if not isinstance(branches, list) or depth > 16:
            return resolved
        merged: Schema = {k: v for k, v in resolved.items() if k != "allOf"}
        for branch in branches:
            part = self.flatten(branch, depth + 1)
            for key, value in part.items():
                if key == "properties" and isinstance(value, Mapping):
                    props = dict(merged.get("properties", {}))
                    for name, sub in value.items():
                        props[name] = {"allOf": [props[name], sub]} if name in props else sub
                    merged["properties"] = props
                elif key == "required" and isinstance(value, list):
                    merged["required"] = sorted({*merged.get("required", []), *value})
                elif key not in merged:
                    merged[key] = value
        return merged

    def _kind(self, flat: Schema) -> str | None:
        kind = flat.get("type")
        if isinstance(kind, str):
            return kind
        if "properties" in flat or "additionalProperties" in flat:
            return "object"
        if "items" in flat:
            return "array"
        return None

    def _fits(self, value: Any, schema: Any) -> bool:
        """Whether ``value`` is valid for ``schema``; remembered by the value's content."""
        content = _content_key(value)
        if content is None:
            return self.schemas.is_valid_fresh(value, schema)
        known = self._verdicts.get(schema, content)
        if known is not _MISSING:
            return bool(known)
        verdict = self.schemas.is_valid_fresh(value, schema)
        self._verdicts.put(schema, verdict, content)
        return verdict

    def _is_write_only(self, schema: Any) -> bool:
        known = self._write_only.get(schema)
        if known is not _MISSING:
            return bool(known)
        flag = self.schemas.has_flag(schema, "writeOnly")
        self._write_only.put(schema, flag)
        return flag

    # -- synthesis --------------------------------------------------------------------------
    def value(self, schema: Any, rng: random.Random, name: str = "", depth: int = 0) -> Any:
        flat = self.flatten(schema)
        partial = self.full and self._kind(flat) in ("object", "array")  # a full instance fills them itself
        if "example" in flat and depth > 0 and not partial and self._fits(flat["example"], flat):
            return flat["example"]
        for key in ("oneOf", "anyOf"):
            branches = flat.get(key)
            if isinstance(branches, list) and branches:
                return self._choose(flat, key, branches, rng, name, depth)
        enum = [item for item in flat.get("enum", []) if item is not None]
        if enum:
            return rng.choice(enum)
        if (
            "default" in flat
            and flat["default"] is not None
            and not partial
            and self._fits(flat["default"], flat)
        ):
            return flat["default"]
        kind = self._kind(flat)
        if kind == "object":
            return self._object(flat, rng, depth)
        if kind == "array":
            return self._array(flat, rng, name, depth)
        if kind == "integer":
            return self._integer(flat, rng, name)
        if kind == "number":
            return self._number(flat, rng)
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "null":
            return None
        return self._string(flat, rng, name)

    def _choose(
        self, flat: Schema, key: str, branches: list[Any], rng: random.Random, name: str, depth: int
    ) -> Any:
        rest = {k: v for k, v in flat.items() if k != key}
        order = [b for b in branches if self.flatten(b).get("type") != "null"] or list(branches)
        rng.shuffle(order)
        for branch in order:
            candidate = self.value({**rest, "allOf": [branch]} if rest else branch, rng, name, depth)
            if self._fits(candidate, flat):
                return candidate
        return self.value(order[0], rng, name, depth)

    def _object(self, flat: Schema, rng: random.Random, depth: int) -> dict[str, Any]:
        properties = flat.get("properties")
        required = set(flat.get("required", []))
        out: dict[str, Any] = {}
        if isinstance(properties, Mapping):
            for prop, sub in properties.items():
                if self._is_write_only(sub):
                    continue
                if prop in required or depth < _FULL_DEPTH or self.full:
                    if depth >= _MAX_DEPTH and prop not in required:
                        continue
                    out[prop] = self.value(sub, rng, prop, depth + 1)
            for prop in sorted(required - set(out) - set(properties)):
                out[prop] = self._string_for({}, rng, prop.lower())  # required but never declared
            if not self.full:
                return out
        extra = flat.get("additionalProperties")
        if isinstance(extra, Mapping) and depth < _MAX_DEPTH and (extra or not out):
            key = next((word for word in _WORDS if word not in out), "extra")
            out[key if self.full else rng.choice(_WORDS)] = self.value(extra, rng, "", depth + 1)
        return out

    def _array(self, flat: Schema, rng: random.Random, name: str, depth: int) -> list[Any]:
        low = int(flat.get("minItems", 0))
        high = int(flat.get("maxItems", low + 2))
        shallow = depth < _FULL_DEPTH + 1 or (self.full and depth < _MAX_DEPTH)
        count = rng.randint(max(low, 1), max(low, min(high, low + 2))) if shallow else low
        items = flat.get("items", {})
        out: list[Any] = []
        seen: set[str] = set()
        for index in range(count * 3):
            if len(out) >= count:
                break
            item = self.value(items, rng, name, depth + 1)
            marker = json.dumps(item, sort_keys=True, default=str)
            if flat.get("uniqueItems") and marker in seen:
                continue
            seen.add(marker)
            out.append(item)
            del index
        return out

    def _integer(self, flat: Schema, rng: random.Random, name: str) -> int:
        low, high = _bounds(flat, 1, 1000 if name != "id" else 99_999)
        low, high = int(low), int(high)
        multiple = flat.get("multipleOf")
        value = rng.randint(low, max(low, high))
        if isinstance(multiple, int) and multiple > 0:
            value -= value % multiple
            if value < low:
                value += multiple
        return value

    def _number(self, flat: Schema, rng: random.Random) -> float | int:
        low, high = _bounds(flat, 0, 500)
        multiple = flat.get("multipleOf")
        if isinstance(multiple, int | float) and multiple > 0:
            # Whole multiples of the step, so float division in validators stays exact.
            step = multiple if multiple >= 1 else 1
            first = int(low // step) + 1
            last = max(first, int(high // step))
            for _ in range(8):
                value = float(rng.randint(first, last) * step)
                if self._fits(value, flat):
                    return value
            return float(first * step)
        return round(rng.uniform(low, high), 2)

    def _string(self, flat: Schema, rng: random.Random, name: str) -> str:
        text = self._string_for(flat, rng, name.lower())
        pattern = flat.get("pattern")
        if isinstance(pattern, str) and not re.search(pattern, text):
            text = next((c for c in _PATTERN_CANDIDATES if re.search(pattern, c)), text)
        low = int(flat.get("minLength", 0))
        high = flat.get("maxLength")
        if len(text) < low:
            text = text + "x" * (low - len(text))
        if isinstance(high, int) and len(text) > high:
            text = text[:high]
        return text

    def _string_for(self, flat: Schema, rng: random.Random, name: str) -> str:
        fmt = str(flat.get("format", ""))
        moment = _EPOCH + timedelta(seconds=rng.randint(0, 180 * 86_400))
        if fmt in ("date-time", "datetime", "datatime"):
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        if fmt == "date":
            return moment.strftime("%Y-%m-%d")
        if fmt == "time":
            return moment.strftime("%H:%M:%SZ")
        if fmt == "email" or "email" in name:
            return f"{rng.choice(_WORDS)}{rng.randint(1, 999)}@example.com"
        if fmt in ("uri", "url") or name.endswith(("url", "uri", "link", "href")):
            return f"https://example.com/{rng.choice(_WORDS)}/{rng.randint(1, 999)}"
        if fmt == "uuid":
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if fmt in ("decimal", "float", "number"):
            return f"{rng.randint(0, 500)}.{rng.randint(0, 99):02d}"
        if fmt in ("integer", "int64"):
            return str(rng.randint(1, 1000))
        if "phone" in name:
            return f"+3598{rng.randint(10_000_000, 99_999_999)}"
        if "currency" in name:
            return "EUR"
        if name in ("country", "countrycode"):
            return "BG"
        if "name" in name:
            return f"{rng.choice(_WORDS).title()} {rng.randint(1, 99)}"
        return f"{rng.choice(_WORDS)}-{rng.randint(1, 9999)}"

    # -- projection -------------------------------------------------------------------------
    def conform(self, value: Any, schema: Any, rng: random.Random, name: str = "", depth: int = 0) -> Any:
        """``value`` reshaped to fit ``schema``: valid parts kept, the rest invented.

        A record whose content was conformed to this schema before without inventing or converting
        anything is only projected again (see the module docstring): same answer, no validation.
        """
        if depth > 0 or not isinstance(value, Mapping | list):
            return self._conform(value, schema, rng, name, depth)
        flat = self.flatten(schema)
        content = _content_key(value)
        if content is not None and self._projectable.get(flat, content) is True:
            return self._project(value, flat)
        before = rng.getstate()
        result = self._conform(value, schema, rng, name, depth)
        if content is not None and rng.getstate() == before and result == self._project(value, flat):
            self._projectable.put(flat, True, content)
        return result

    def _conform(self, value: Any, schema: Any, rng: random.Random, name: str = "", depth: int = 0) -> Any:
        flat = self.flatten(schema)
        for key in ("oneOf", "anyOf"):
            branches = flat.get(key)
            if isinstance(branches, list) and branches:
                if self._fits(value, flat):
                    return value
                rest = {k: v for k, v in flat.items() if k != key}
                for branch in branches:
                    candidate = self._conform(value, {**rest, "allOf": [branch]}, rng, name, depth)
                    if self._fits(candidate, flat):
                        return candidate
                return self.value(flat, rng, name, depth)
        kind = self._kind(flat)
        if kind == "object" and isinstance(value, Mapping) and isinstance(flat.get("properties"), Mapping):
            required = set(flat.get("required", []))
            out: dict[str, Any] = {}
            for prop, sub in flat["properties"].items():
                if self._is_write_only(sub):
                    continue
                if prop in value:
                    out[prop] = self._conform(value[prop], sub, rng, prop, depth + 1)
                elif prop in required:  # an existing record only gains what the schema demands
                    out[prop] = self.value(sub, rng, prop, depth + 1)
            for prop in sorted(required - set(out) - set(flat["properties"])):
                out[prop] = value[prop] if prop in value else self._string_for({}, rng, prop.lower())
            return out
        if kind == "array" and isinstance(value, list):
            items = flat.get("items", {})
            kept = [self._conform(item, items, rng, name, depth + 1) for item in value]
            return kept if self._fits(kept, flat) else self.value(flat, rng, name, depth)
        if self._fits(value, flat):
            return value
        coerced = _coerce_scalar(value, kind)
        if coerced is not None and self._fits(coerced, flat):
            return coerced
        return self.value(flat, rng, name, depth)

    def _project(self, value: Any, flat: Schema) -> Any:
        """``value`` without the fields ``flat`` does not declare (or declares ``writeOnly``), walking
        objects with declared properties and arrays; unions and scalars are kept whole. This is what
        ``conform`` returns for a value it keeps entirely (``conform`` checks that before relying on it)."""
        plan = self._plan(flat)
        if plan.fields is not None and isinstance(value, Mapping):
            out: dict[str, Any] = {}
            for prop, sub, keep in plan.fields:
                if prop in value:
                    out[prop] = value[prop] if keep else self._project(value[prop], sub)
            for prop in plan.undeclared_required:
                if prop in value:
                    out[prop] = value[prop]
            return out
        if plan.items is not None and isinstance(value, list):
            items = plan.items
            return [self._project(item, items) for item in value]
        return value

    def _plan(self, flat: Schema) -> _Projection:
        known = self._plans.get(flat)
        if isinstance(known, _Projection):
            return known
        plan = _Projection()
        kind = self._walked_kind(flat)
        properties = flat.get("properties")
        if kind == "object" and isinstance(properties, Mapping):
            fields = []
            for prop, sub in properties.items():
                if not self._is_write_only(sub):
                    sub_flat = self.flatten(sub)
                    fields.append((prop, sub_flat, self._walked_kind(sub_flat) is None))
            plan = _Projection(
                fields=tuple(fields),
                undeclared_required=tuple(sorted(set(flat.get("required", [])) - set(properties))),
            )
        elif kind == "array":
            plan = _Projection(items=self.flatten(flat.get("items", {})))
        self._plans.put(flat, plan)
        return plan

    def _walked_kind(self, flat: Schema) -> str | None:
        """``"object"`` (with declared properties) or ``"array"`` if projection walks into such a
        value; None if it keeps the value whole (scalars, unions, free-form objects)."""
        if any(isinstance(flat.get(key), list) and flat.get(key) for key in ("oneOf", "anyOf")):
            return None
        kind = self._kind(flat)
        if kind == "object" and isinstance(flat.get("properties"), Mapping):
            return kind
        return kind if kind == "array" else None


@dataclass(frozen=True, slots=True)
class _Projection:
    """How ``_project`` walks one flattened schema: an object's kept fields (name, flattened schema,
    whether the value is kept whole), an array's item schema, or neither (the value is kept whole)."""

    fields: tuple[tuple[str, Schema, bool], ...] | None = None
    undeclared_required: tuple[str, ...] = ()
    items: Schema | None = None


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _content_key(value: Any) -> object | None:
    """A key equal only for equal JSON values (equal values with keys in another order may differ:
    that only misses the memo), or None for a value that is not JSON."""
    if isinstance(value, _SCALARS):
        return (type(value), value)
    try:
        text = _ENCODER.encode(value)
    except (TypeError, ValueError):
        return None
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _coerce_scalar(value: Any, kind: str | None) -> Any:
    """Ids cross versions as ``7`` or ``"7"``; keep them the same record's id."""
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if kind in ("integer", "number") and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


def _bounds(flat: Schema, low: float, high: float) -> tuple[float, float]:
    minimum = flat.get("minimum")
    maximum = flat.get("maximum")
    if isinstance(minimum, int | float):
        low = minimum + (1 if flat.get("exclusiveMinimum") is True else 0)
        high = max(high, low + 10)
    if isinstance(maximum, int | float):
        high = maximum - (1 if flat.get("exclusiveMaximum") is True else 0)
        low = min(low, high)
    return low, high
