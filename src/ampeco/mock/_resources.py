"""What each operation does to the store, read off its path and response shape.

``GET /x/v2.0`` returning ``data: [...]`` lists collection ``/x``; ``POST`` there returning ``data: {}``
creates; ``GET|PATCH|PUT|DELETE /x/v2.0/{id}`` read, update and delete one record. Everything
else (actions, singletons, reports) is answered from its response schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ampeco.mock._operations import Operation, OperationIndex
from ampeco.mock._synth import Synthesizer

Kind = Literal["list", "create", "read", "update", "delete", "other"]
_PARAM = re.compile(r"^\{([^}]+)\}$")
_VERSION = re.compile(r"/v(\d+)\.(\d+)")
SUCCESS = ("200", "201", "202", "204")


@dataclass(frozen=True)
class Shape:
    """How an operation answers: status, and where the record sits in the body."""

    status: int
    schema: dict[str, Any] | None
    record_schema: dict[str, Any] | None
    envelope: bool


@dataclass(frozen=True)
class Role:
    kind: Kind
    collection: str | None  # versionless template of the collection, e.g. /public-api/resources/x/{p}/y
    id_param: str | None
    shape: Shape


@dataclass
class CollectionInfo:
    template: str
    integer_ids: bool = True
    id_param: str | None = None
    record_schemas: list[tuple[tuple[int, ...], dict[str, Any]]] = field(default_factory=list)

    @property
    def record_schema(self) -> dict[str, Any] | None:
        """The newest API version's record schema (the richest one)."""
        return max(self.record_schemas, key=lambda item: item[0])[1] if self.record_schemas else None


def success_shape(operation: Operation, synth: Synthesizer) -> Shape:
    for code in SUCCESS:
        response = operation.responses.get(code)
        if not isinstance(response, dict):
            continue
        media = response.get("content", {}).get("application/json")
        schema = media.get("schema") if isinstance(media, dict) else None
        if not isinstance(schema, dict):
            return Shape(int(code), None, None, False)
        flat = synth.flatten(schema)
        data = flat.get("properties", {}).get("data") if isinstance(flat.get("properties"), dict) else None
        if isinstance(data, dict):
            return Shape(int(code), schema, data, True)
        return Shape(int(code), schema, schema, False)
    return Shape(200, None, None, False)


def _version(path: str) -> tuple[int, ...]:
    found = _VERSION.search(path)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


class ResourceModel:
    """Roles of all operations and the collections they share."""

    def __init__(self, index: OperationIndex, synth: Synthesizer) -> None:
        self.synth = synth
        self.roles: dict[str, Role] = {}
        self.collections: dict[str, CollectionInfo] = {}
        for operation in index:
            role = self._classify(operation)
            self.roles[operation.operation_id] = role
            if role.collection is None or role.kind in ("other",):
                continue
            info = self.collections.setdefault(role.collection, CollectionInfo(role.collection))
            if role.id_param is not None:
                info.id_param = role.id_param
                param = next(p for p in operation.parameters if p.name == role.id_param)
                info.integer_ids = synth.flatten(param.schema).get("type") == "integer"
            schema = role.shape.record_schema
            if schema is not None and role.kind in ("read", "list"):
                if role.kind == "list":
                    schema = synth.flatten(schema).get("items") or None
                if isinstance(schema, dict):
                    info.record_schemas.append((_version(operation.path), schema))

    def _classify(self, operation: Operation) -> Role:
        shape = success_shape(operation, self.synth)
        segments = operation.resource_path.split("/")
        last = _PARAM.match(segments[-1])
        if operation.is_action:
            return Role("other", None, None, shape)
        record = self.synth.flatten(shape.record_schema) if shape.record_schema is not None else {}
        is_list = shape.envelope and record.get("type") == "array"
        is_object = shape.record_schema is not None and not is_list and self._object_like(record)
        method = operation.method
        if last is None:
            if method == "get" and is_list:
                return Role("list", operation.resource_path, None, shape)
            if method == "post" and is_object and shape.envelope:
                return Role("create", operation.resource_path, None, shape)
            return Role("other", None, None, shape)
        parent = "/".join(segments[:-1])
        id_param = last.group(1)
        if method == "get" and is_object:
            return Role("read", parent, id_param, shape)
        if method in ("patch", "put") and (is_object or shape.record_schema is None):
            return Role("update", parent, id_param, shape)
        if method == "delete":
            return Role("delete", parent, id_param, shape)
        return Role("other", None, None, shape)

    def _object_like(self, flat: dict[str, Any]) -> bool:
        if flat.get("type") == "object" or "properties" in flat:
            return True
        branches = flat.get("oneOf") or flat.get("anyOf")
        return (
            isinstance(branches, list)
            and bool(branches)
            and self._object_like(self.synth.flatten(branches[0]))
        )

    def action_collection(self, operation: Operation) -> tuple[str, str] | None:
        """``/actions/charge-point/v1.0/{chargePoint}/...`` acts on ``/resources/charge-points``."""
        found = re.match(r"^(/public-api)/actions/([^/]+)/\{([^}]+)\}", operation.resource_path)
        if not found:
            return None
        prefix, name, param = found.groups()
        for candidate in (f"{name}s", name, f"{name[:-1]}ies" if name.endswith("y") else None):
            if candidate and f"{prefix}/resources/{candidate}" in self.collections:
                return f"{prefix}/resources/{candidate}", param
        if f"{prefix}/{name}" in self.collections:
            return f"{prefix}/{name}", param
        return None
