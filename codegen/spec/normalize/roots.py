"""Where schemas stand in an OpenAPI 3.0 document, and what each place proposes to call them.

Components (pinned and declared names), then every operation (its parameters, request body,
responses and their headers) and every callback (webhook) request body of each operation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ampeco._openapi import OperationRef, escape_pointer_token, iter_operations
from codegen.spec.normalize.proposals import DECLARED, PINNED, PLACE, Proposal, declared, operation_place
from codegen.spec.normalize.schema import JSON
from codegen.spec.normalize.shapes import Collector
from codegen.spec.normalize.words import pascal


def collect(document: JSON) -> Collector:
    """Every use of every shape in ``document``."""
    collector = Collector()
    components = document.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        if isinstance(schema, dict):
            collector.visit(
                schema,
                components["schemas"],
                name,
                f"#/components/schemas/{escape_pointer_token(name)}",
                users=(),
                proposals=(declared(name, PINNED),),
            )
    for name, response in (components.get("responses") or {}).items():
        if isinstance(response, dict):
            for media_type, media in _json_media(response.get("content")):
                collector.visit(
                    media["schema"],
                    media,
                    "schema",
                    f"#/components/responses/{escape_pointer_token(name)}/content/{escape_pointer_token(media_type)}/schema",
                    users=(),
                    proposals=(declared(pascal(name)),),
                )
    for name, parameter in (components.get("parameters") or {}).items():
        if isinstance(parameter, dict) and isinstance(parameter.get("schema"), dict):
            collector.visit(
                parameter["schema"],
                parameter,
                "schema",
                f"#/components/parameters/{escape_pointer_token(name)}/schema",
                users=(),
                proposals=(Proposal(PLACE, pascal(name)),),
            )
    by_path: dict[str, list[OperationRef]] = {}
    for operation in iter_operations(document):
        by_path.setdefault(operation.path, []).append(operation)
        _collect_operation(collector, operation)
    for path, operations in by_path.items():
        _collect_path_parameters(collector, path, operations)
    return collector


def operation_name(operation: OperationRef) -> str:
    """``chargePointRead`` -> ``ChargePointRead``; ``GET /x/{id}`` when there is no operationId."""
    return pascal(operation.operation_id or f"{operation.method} {operation.path}")


def _json_media(content: object) -> Iterator[tuple[str, JSON]]:
    if not isinstance(content, dict):
        return
    for media_type, media in sorted(content.items()):
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            yield media_type, media


def _collect_operation(collector: Collector, operation: OperationRef) -> None:
    name = operation_name(operation)
    pointer = operation.pointer
    node: Mapping[str, Any] = operation.operation
    for index, parameter in enumerate(node.get("parameters") or []):
        if isinstance(parameter, dict) and isinstance(parameter.get("schema"), dict):
            collector.visit(
                parameter["schema"],
                parameter,
                "schema",
                f"{pointer}/parameters/{index}/schema",
                users=(name,),
                proposals=(operation_place(name, pascal(str(parameter.get("name", index)))),),
            )
    body = node.get("requestBody")
    if isinstance(body, dict):
        for media_type, media in _json_media(body.get("content")):
            collector.visit(
                media["schema"],
                media,
                "schema",
                f"{pointer}/requestBody/content/{escape_pointer_token(media_type)}/schema",
                users=(name,),
                proposals=(operation_place(name, "Request"),),
                child_base=operation_place(name, "Request"),
            )
    responses = node.get("responses") or {}
    success = [status for status in responses if str(status).startswith("2")]
    for status, response in responses.items():
        if not isinstance(response, dict):
            continue
        status = str(status)
        if status.startswith("2"):
            own = operation_place(name, "Response", *(() if len(success) == 1 else (status,)))
            base = operation_place(name, *(() if len(success) == 1 else (status,)))
        else:
            own = base = operation_place(name, f"Error{status}")
        for media_type, media in _json_media(response.get("content")):
            collector.visit(
                media["schema"],
                media,
                "schema",
                f"{pointer}/responses/{status}/content/{escape_pointer_token(media_type)}/schema",
                users=(name,),
                proposals=(own,),
                child_base=base,
            )
        for header, spec in (response.get("headers") or {}).items():
            if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
                collector.visit(
                    spec["schema"],
                    spec,
                    "schema",
                    f"{pointer}/responses/{status}/headers/{escape_pointer_token(header)}/schema",
                    users=(name,),
                    proposals=(own.below((pascal(header),)),),
                )
    for callback_key, callback in (node.get("callbacks") or {}).items():
        if isinstance(callback, dict):
            _collect_callback(
                collector, f"{pointer}/callbacks/{escape_pointer_token(callback_key)}", callback_key, callback
            )


def _collect_path_parameters(collector: Collector, path: str, operations: list[OperationRef]) -> None:
    """Parameters the path item declares once for all its operations (``include[]`` of read, update
    and delete): one use, standing in every one of those operations."""
    item = operations[0].path_item
    names = tuple(operation_name(operation) for operation in operations)
    for index, parameter in enumerate(item.get("parameters") or []):
        if isinstance(parameter, dict) and isinstance(parameter.get("schema"), dict):
            label = pascal(str(parameter.get("name", index)))
            collector.visit(
                parameter["schema"],
                parameter,
                "schema",
                f"#/paths/{escape_pointer_token(path)}/parameters/{index}/schema",
                users=names,
                proposals=tuple(operation_place(name, label) for name in names),
            )


def _collect_callback(collector: Collector, pointer: str, key: str, callback: JSON) -> None:
    """A webhook: its request body is the payload AMPECO posts, named after the notification."""
    for request in iter_operations({"paths": callback}):
        body = request.operation.get("requestBody")
        if not isinstance(body, dict):
            continue
        for media_type, media in _json_media(body.get("content")):
            collector.visit(
                media["schema"],
                media,
                "schema",
                f"{pointer}/{escape_pointer_token(request.path)}/{request.method}/requestBody/content/"
                f"{escape_pointer_token(media_type)}/schema",
                users=(f"{key} webhook",),
                proposals=notification_proposals(key, request.deprecated),
            )


def notification_proposals(callback_key: str, deprecated: bool) -> tuple[Proposal, ...]:
    """``chargePoint.changed`` -> ``ChargePointChangedNotification``.

    A deprecated callback ranks below a current one for the same name and falls back to a
    ``Legacy`` prefix, so the current notification keeps the plain name.
    """
    name = pascal(callback_key)
    if not name.endswith("Notification"):
        name += "Notification"
    if deprecated:
        return (Proposal(PLACE, name, webhook=True), Proposal(PLACE, "Legacy" + name, webhook=True))
    return (Proposal(DECLARED, name, webhook=True),)
