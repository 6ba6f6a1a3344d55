"""Render ``ampeco_public_api/webhooks.py``: which generated model each webhook notification parses into.

openapi-python-client ignores callbacks; the normalizer hoists every callback body into
``components.schemas`` so the models exist, and this step adds the missing piece: the discriminated
union on the payload's ``notification`` field.

How the union is built (the rule is written into the generated module too):

- Every operation with callbacks contributes (in the spec these are the two notification
  subscription endpoints, ``/public-api/notifications/v1.0`` and ``/v2.0``).
- A callback's kinds are the ``enum`` (or ``const``) values of its body's ``notification``
  property; a body without one is keyed by the callback's name.
- Paths are read in sorted order, so a kind defined by ``/v2.0`` overrides ``/v1.0`` (in 3.110.0
  both declare identical callbacks). Within one path, one kind with two different bodies is an
  error: the union would be ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ampeco._openapi import iter_operations

if TYPE_CHECKING:
    from codegen.generate.run import AmpecoProject

_SCHEMA_PREFIX = "#/components/schemas/"


class WebhookIndexError(RuntimeError):
    """The callbacks cannot be turned into an unambiguous notification -> model mapping."""


@dataclass(frozen=True)
class NotificationModel:
    kind: str
    schema: str
    module: str
    class_name: str
    deprecated: bool


def write_webhook_index(document: dict[str, Any], project: AmpecoProject) -> None:
    """Render ``webhooks.py`` for the callbacks of ``document`` (the normalized spec), naming each
    model as the generator named it."""
    resolved = []
    for model in notification_models(document):
        module, class_name = project.class_of_schema(model.schema)
        resolved.append(replace(model, module=module, class_name=class_name))
    project.render_module(
        "webhooks.py.jinja",
        "webhooks.py",
        models=resolved,
        imports=sorted({(m.module, m.class_name) for m in resolved}),
        members=sorted({m.class_name for m in resolved}),
    )


def notification_models(document: dict[str, Any]) -> list[NotificationModel]:
    """Every notification kind with the component schema of its body (names not yet resolved)."""
    by_kind: dict[str, NotificationModel] = {}
    for path in sorted(document.get("paths", {})):
        seen_here: dict[str, str] = {}
        for callback_key, request in _callbacks(path, document["paths"][path]):
            schema = _body_schema_name(request, path, callback_key)
            deprecated = bool(request.get("deprecated", False))
            for kind in _kinds(document, schema, callback_key):
                if seen_here.setdefault(kind, schema) != schema:
                    raise WebhookIndexError(f"{path}: {kind!r} has bodies {seen_here[kind]} and {schema}")
                by_kind[kind] = NotificationModel(kind, schema, "", "", deprecated)
    if not by_kind:
        raise WebhookIndexError("the spec declares no callbacks: nothing to index")
    return list(by_kind.values())


def _callbacks(path: str, item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(callback name, callback operation) for every operation of a path item."""
    found = []
    for operation in iter_operations({"paths": {path: item}}):
        for callback_key, callback in (operation.operation.get("callbacks") or {}).items():
            if isinstance(callback, dict):
                found += [
                    (str(callback_key), dict(request.operation))
                    for request in iter_operations({"paths": callback})
                ]
    return found


def _body_schema_name(request: dict[str, Any], path: str, callback_key: str) -> str:
    content = (request.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json")
    ref = (media or {}).get("schema", {}).get("$ref", "")
    if not ref.startswith(_SCHEMA_PREFIX):
        raise WebhookIndexError(
            f"{path} callback {callback_key!r}: JSON body is not a $ref to components.schemas "
            "(the normalizer should have hoisted it)"
        )
    return str(ref[len(_SCHEMA_PREFIX) :])


def _kinds(document: dict[str, Any], schema_name: str, callback_key: str) -> list[str]:
    """Discriminator values of a body schema: its ``notification`` enum, else the callback's name."""
    schema = _resolve(document, {"$ref": _SCHEMA_PREFIX + schema_name})
    prop = _resolve(document, (schema.get("properties") or {}).get("notification") or {})
    if "const" in prop:
        return [str(prop["const"])]
    values = [str(value) for value in prop.get("enum") or [] if value is not None]
    return values or [callback_key]


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` and single-member ``allOf`` wrappers down to the schema itself."""
    for _ in range(32):
        if "$ref" in schema:
            name = str(schema["$ref"]).removeprefix(_SCHEMA_PREFIX)
            schema = document["components"]["schemas"][name]
        elif len(schema.get("allOf") or []) == 1 and "enum" not in schema:
            schema = schema["allOf"][0]
        else:
            return schema
    raise WebhookIndexError(f"reference cycle while resolving {schema!r}")
