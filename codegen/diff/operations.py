"""Compare two documents operation by operation (method + path; operationIds are reported).

Paths are matched with their parameter names blanked (``/x/{id}`` is ``/x/{chargePoint}``), so a
renamed path parameter shows up as a parameter change rather than as a removed and an added operation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ampeco._openapi import iter_operations
from codegen.diff.changes import Area, Change, Kind
from codegen.diff.schemas import SchemaChange, SchemaDiffer

JSON = dict[str, Any]
_TEMPLATE = re.compile(r"\{[^}/]*\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    node: JSON
    path_parameters: tuple[JSON, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, _TEMPLATE.sub("{}", self.path))

    @property
    def operation_id(self) -> str:
        return str(self.node.get("operationId") or "")

    def parameters(self) -> dict[tuple[str, str], JSON]:
        """Path-level parameters overridden by operation-level ones, keyed by (in, name)."""
        merged: dict[tuple[str, str], JSON] = {}
        for parameter in (*self.path_parameters, *(self.node.get("parameters") or [])):
            if isinstance(parameter, dict) and "name" in parameter:
                location = str(parameter.get("in", ""))
                name = str(parameter["name"])
                merged[(location, name.lower() if location == "header" else name)] = parameter
        return merged


def operations(document: JSON) -> dict[tuple[str, str], Operation]:
    found: dict[tuple[str, str], Operation] = {}
    for ref in iter_operations(document):
        shared = tuple(p for p in ref.path_item.get("parameters") or [] if isinstance(p, dict))
        operation = Operation(ref.method.upper(), str(ref.path), dict(ref.operation), shared)
        found[operation.key] = operation
    return found


def _media_schema(container: JSON | None) -> tuple[str | None, JSON]:
    """(media type, schema) of a request body or response: JSON preferred, else the first."""
    content = (container or {}).get("content") or {}
    if not isinstance(content, dict) or not content:
        return None, {}
    media = next((m for m in content if m == "application/json" or m.endswith("+json")), next(iter(content)))
    entry = content.get(media) or {}
    schema = entry.get("schema") if isinstance(entry, dict) else None
    return media, schema if isinstance(schema, dict) else {}


class OperationDiffer:
    """Produces the :class:`Change` list for one pair of operations with the same key."""

    def __init__(self, old: Operation, new: Operation) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def change(
        self,
        kind: Kind,
        area: Area,
        breaking: bool,
        location: str = "",
        detail: str = "",
        old: Any = None,
        new: Any = None,
    ) -> None:
        self.changes.append(
            Change(
                kind,
                area,
                breaking,
                self.new.method,
                self.new.path,
                self.new.operation_id,
                location,
                detail,
                old,
                new,
            )
        )

    def schema_emitter(self, area: Area, label: str, root: str = "") -> SchemaDiffer:
        """A differ whose findings are located as ``<label> `<root><where>```.

        Parameters pass their name as ``root`` (``query parameter `filter.status```); bodies pass none
        (``response 200 `data[].status```).
        """

        def emit(found: SchemaChange) -> None:
            where = found.where
            if root and where and where[0] not in "[{<":
                where = "." + where
            name = root + where
            location = f"{label} `{name}`" if name else label
            self.change(found.kind, area, found.breaking, location, found.detail, found.old, found.new)

        return SchemaDiffer(area, emit)

    def run(self) -> list[Change]:
        self._identity()
        self._parameters()
        self._request_body()
        self._responses()
        self._webhooks()
        return self.changes

    def _identity(self) -> None:
        if self.old.operation_id != self.new.operation_id:
            detail = (
                f"`{self.old.operation_id}` -> `{self.new.operation_id}` (the generated function is renamed)"
            )
            self.change(
                Kind.OPERATION_RENAMED,
                Area.OPERATION,
                True,
                "",
                detail,
                self.old.operation_id,
                self.new.operation_id,
            )
        was, now = bool(self.old.node.get("deprecated")), bool(self.new.node.get("deprecated"))
        if now and not was:
            self.change(Kind.OPERATION_DEPRECATED, Area.OPERATION, False, old=False, new=True)
        elif was and not now:
            self.change(Kind.OPERATION_UNDEPRECATED, Area.OPERATION, False, old=True, new=False)

    def _parameters(self) -> None:
        old_params, new_params = self.old.parameters(), self.new.parameters()
        for key in sorted(new_params.keys() - old_params.keys()):
            required = bool(new_params[key].get("required"))
            detail = "required" if required else "optional"
            self.change(
                Kind.PARAMETER_ADDED, Area.PARAMETER, required, _param_label(key), detail, None, required
            )
        for key in sorted(old_params.keys() - new_params.keys()):
            self.change(
                Kind.PARAMETER_REMOVED,
                Area.PARAMETER,
                True,
                _param_label(key),
                "",
                bool(old_params[key].get("required")),
                None,
            )
        for key in sorted(old_params.keys() & new_params.keys()):
            was, now = bool(old_params[key].get("required")), bool(new_params[key].get("required"))
            if was != now:
                detail = "now required" if now else "now optional"
                self.change(
                    Kind.PARAMETER_REQUIRED_CHANGED, Area.PARAMETER, now, _param_label(key), detail, was, now
                )
            old_schema, new_schema = old_params[key].get("schema"), new_params[key].get("schema")
            if isinstance(old_schema, dict) and isinstance(new_schema, dict):
                self.schema_emitter(Area.PARAMETER, f"{key[0]} parameter", key[1]).diff(
                    old_schema, new_schema
                )

    def _request_body(self) -> None:
        old_body, new_body = self.old.node.get("requestBody"), self.new.node.get("requestBody")
        if not isinstance(old_body, dict) and not isinstance(new_body, dict):
            return
        if not isinstance(old_body, dict):
            required = bool(new_body.get("required")) if isinstance(new_body, dict) else False
            self.change(
                Kind.REQUEST_BODY_ADDED,
                Area.REQUEST,
                required,
                "request body",
                "required" if required else "optional",
                None,
                required,
            )
            return
        if not isinstance(new_body, dict):
            self.change(Kind.REQUEST_BODY_REMOVED, Area.REQUEST, True, "request body")
            return
        was, now = bool(old_body.get("required")), bool(new_body.get("required"))
        if was != now:
            self.change(
                Kind.REQUEST_BODY_REQUIRED_CHANGED,
                Area.REQUEST,
                now,
                "request body",
                "now required" if now else "now optional",
                was,
                now,
            )
        self._media_and_schema(old_body, new_body, Area.REQUEST, "request body")

    def _media_and_schema(self, old: JSON, new: JSON, area: Area, label: str) -> None:
        old_media, old_schema = _media_schema(old)
        new_media, new_schema = _media_schema(new)
        if old_media != new_media:
            detail = f"content type {old_media or '(none)'} -> {new_media or '(none)'}"
            self.change(Kind.TYPE_CHANGED, area, True, label, detail, old_media, new_media)
        if old_schema or new_schema:
            self.schema_emitter(area, label).diff(old_schema, new_schema)

    def _responses(self) -> None:
        old_responses: JSON = self.old.node.get("responses") or {}
        new_responses: JSON = self.new.node.get("responses") or {}
        for code in sorted(new_responses.keys() - old_responses.keys(), key=str):
            self.change(Kind.RESPONSE_ADDED, Area.RESPONSE, False, f"response {code}")
        for code in sorted(old_responses.keys() - new_responses.keys(), key=str):
            # The generated client returns parsed bodies of 2xx responses only.
            self.change(Kind.RESPONSE_REMOVED, Area.RESPONSE, _success(code), f"response {code}")
        for code in sorted(old_responses.keys() & new_responses.keys(), key=str):
            old_response, new_response = old_responses[code], new_responses[code]
            if _success(code) and isinstance(old_response, dict) and isinstance(new_response, dict):
                self._media_and_schema(old_response, new_response, Area.RESPONSE, f"response {code}")

    def _webhooks(self) -> None:
        """Callbacks the operation subscribes to: their payloads are received, like responses."""
        old_hooks, new_hooks = _callbacks(self.old), _callbacks(self.new)
        for key in sorted(new_hooks.keys() - old_hooks.keys()):
            self.change(Kind.WEBHOOK_ADDED, Area.WEBHOOK, False, _webhook_label(key))
        for key in sorted(old_hooks.keys() - new_hooks.keys()):
            self.change(Kind.WEBHOOK_REMOVED, Area.WEBHOOK, True, _webhook_label(key))
        for key in sorted(old_hooks.keys() & new_hooks.keys()):
            old_hook, new_hook = old_hooks[key], new_hooks[key]
            if new_hook.get("deprecated") and not old_hook.get("deprecated"):
                self.change(
                    Kind.OPERATION_DEPRECATED, Area.WEBHOOK, False, _webhook_label(key), "", False, True
                )
            old_body, new_body = old_hook.get("requestBody"), new_hook.get("requestBody")
            if isinstance(old_body, dict) and isinstance(new_body, dict):
                self._media_and_schema(old_body, new_body, Area.WEBHOOK, f"{_webhook_label(key)} payload")


def _callbacks(operation: Operation) -> dict[tuple[str, str, str], JSON]:
    """(callback name, URL expression, METHOD) -> the callback operation."""
    found: dict[tuple[str, str, str], JSON] = {}
    for name, item in (operation.node.get("callbacks") or {}).items():
        if isinstance(item, dict):
            for callback in iter_operations({"paths": item}):
                found[(str(name), str(callback.path), callback.method.upper())] = dict(callback.operation)
    return found


def _webhook_label(key: tuple[str, str, str]) -> str:
    return f"webhook `{key[0]}`"


def _success(code: object) -> bool:
    return str(code).startswith("2")


def _param_label(key: tuple[str, str]) -> str:
    return f"{key[0]} parameter `{key[1]}`"


def diff_operations(old_document: JSON, new_document: JSON) -> Iterator[Change]:
    """Every change between two dereferenced documents, operations matched by method + path."""
    old_ops, new_ops = operations(old_document), operations(new_document)
    for key in sorted(new_ops.keys() - old_ops.keys()):
        op = new_ops[key]
        yield Change(Kind.OPERATION_ADDED, Area.OPERATION, False, op.method, op.path, op.operation_id)
    for key in sorted(old_ops.keys() - new_ops.keys()):
        op = old_ops[key]
        yield Change(Kind.OPERATION_REMOVED, Area.OPERATION, True, op.method, op.path, op.operation_id)
    for key in sorted(old_ops.keys() & new_ops.keys()):
        yield from OperationDiffer(old_ops[key], new_ops[key]).run()
