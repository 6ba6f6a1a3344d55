"""Referential integrity and uniqueness: the API's ``exists`` and ``unique`` rules, read off the spec.

References: a top-level body field ``<name>Id`` declared as an integer (or ``<name>Ids``, an array of
integers) refers to the records of the resource collection ``/public-api/resources/<names>``
(``userId`` -> users, ``chargePointId`` -> charge-points, ``tariffGroupId`` -> tariff-groups). A
value that names no stored record is a 422 on that field, worded as Laravel's ``exists`` rule
words it. Fields whose resource has no collection of that name are not checked.

Uniqueness: a user's ``email``, and every field the spec describes as "should have unique value"
(``externalId`` of charge points and locations), may not repeat within its collection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ampeco.mock._operations import Operation
from ampeco.mock._store import Record

if TYPE_CHECKING:
    from ampeco.mock._app import MockTenant
    from ampeco.mock._handlers import Call

RESOURCES = "/public-api/resources/"
_UNIQUE_NOTE = re.compile(r"should have (a )?unique value", re.IGNORECASE)
# Uniqueness the API enforces without saying so in the spec.
KNOWN_UNIQUE: dict[str, tuple[str, ...]] = {"/public-api/resources/users": ("email",)}


@dataclass(frozen=True)
class Reference:
    field: str
    collection: str
    many: bool  # an array of ids


def _singular(segment: str) -> str:
    words = segment.split("-")
    last = words[-1]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s"):
        last = last[:-1]
    words[-1] = last
    return words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])


class Integrity:
    """The reference and uniqueness rules of one tenant's spec, and their checks on a request."""

    def __init__(self, tenant: MockTenant) -> None:
        self.tenant = tenant
        self.targets: dict[str, str] = {}
        for template in tenant.resources.collections:
            rest = template[len(RESOURCES) :] if template.startswith(RESOURCES) else ""
            if rest and "/" not in rest:
                self.targets[_singular(rest) + "Id"] = template
        self._references: dict[str, list[Reference]] = {}
        self._unique: dict[str, tuple[str, ...]] = {}

    # -- rules ------------------------------------------------------------------------------
    def references(self, operation: Operation) -> list[Reference]:
        found = self._references.get(operation.operation_id)
        if found is None:
            found = []
            schema = operation.body_schema
            properties = self.tenant.synth.flatten(schema).get("properties") if schema is not None else None
            for name, sub in (properties or {}).items():
                flat = self.tenant.synth.flatten(sub)
                kind = flat.get("type")
                if kind == "integer" and name in self.targets:
                    found.append(Reference(name, self.targets[name], many=False))
                elif kind == "array" and name.endswith("Ids") and name[:-1] in self.targets:
                    items = self.tenant.synth.flatten(flat.get("items", {}))
                    if items.get("type") == "integer":
                        found.append(Reference(name, self.targets[name[:-1]], many=True))
            self._references[operation.operation_id] = found
        return found

    def unique_fields(self, collection: str) -> tuple[str, ...]:
        found = self._unique.get(collection)
        if found is None:
            info = self.tenant.resources.collections.get(collection)
            described: list[str] = list(KNOWN_UNIQUE.get(collection, ()))
            if info is not None:
                for _, schema in info.record_schemas:
                    properties = self.tenant.synth.flatten(schema).get("properties") or {}
                    for name, sub in properties.items():
                        note = self.tenant.synth.flatten(sub).get("description")
                        if isinstance(note, str) and _UNIQUE_NOTE.search(note) and name not in described:
                            described.append(name)
            found = self._unique[collection] = tuple(described)
        return found

    # -- checks -----------------------------------------------------------------------------
    def check(self, call: Call) -> dict[str, list[str]]:
        """Field errors for references to missing records and repeated unique values."""
        body = call.input.body
        if not isinstance(body, Mapping):
            return {}
        errors: dict[str, list[str]] = {}
        for reference in self.references(call.operation):
            value = body.get(reference.field)
            values = value if reference.many and isinstance(value, list) else [value]
            collection = self.tenant.collection(reference.collection, reference.collection)
            for position, item in enumerate(values):
                if item is None or isinstance(item, bool) or not isinstance(item, int):
                    continue
                if collection.get(item) is None:
                    name = f"{reference.field}.{position}" if reference.many else reference.field
                    errors.setdefault(name, []).append(f"The selected {_words(name)} is invalid.")
        role = call.role
        if role.collection is not None and role.kind in ("create", "update"):
            errors.update(self._repeated(call, body))
        return errors

    def _repeated(self, call: Call, body: Mapping[str, Any]) -> dict[str, list[str]]:
        role = call.role
        assert role.collection is not None
        fields = [name for name in self.unique_fields(role.collection) if body.get(name) not in (None, "")]
        if not fields:
            return {}
        own = str(call.path_params.get(role.id_param, "")) if role.id_param else None
        collection = self.tenant.collection(call.concrete(role.collection), role.collection)
        errors: dict[str, list[str]] = {}
        for key, record in collection.records.items():
            if key == own:
                continue
            for name in fields:
                if _same_value(record, name, body[name]):
                    errors[name] = [f"The {_words(name)} has already been taken."]
        return errors


def _same_value(record: Record, name: str, value: Any) -> bool:
    held = record.get(name)
    if isinstance(held, str) and isinstance(value, str):
        return held.casefold() == value.casefold()
    return held is not None and held == value


def _words(name: str) -> str:
    """``chargePointId`` -> ``charge point id``, as Laravel names a field in its messages."""
    spaced = re.sub(r"(?<=[a-z0-9])([A-Z])", r" \1", name.replace("_", " ").replace(".", " "))
    return spaced.lower()
