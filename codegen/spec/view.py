"""The normalized document as the generator is shown it (the mock and the tests keep the full one).

- Non-2xx responses are dropped from operations: ``ampeco.Client`` raises typed errors for them, so
  they do not belong in the return type of every endpoint function.
- Every model is open (``additionalProperties: false`` dropped): a client keeps fields a newer
  platform adds.
- ``readOnly`` fields are not required in models that request bodies use.
- A parameter's ``description`` is also its schema's, where the generator reads it for the docstring
  (``Args:``), which the command line's help shows.
"""

from __future__ import annotations

import copy
from typing import Any


def generator_view(document: dict[str, Any]) -> dict[str, Any]:
    """The normalized document as the generator should see it.

    Non-2xx responses are dropped from operations: ``ampeco.Client`` raises typed errors for
    them, so they do not belong in the return type of every endpoint function. Their body
    schemas stay in ``components`` and are still generated as models. Every model is open.
    """
    view: dict[str, Any] = copy.deepcopy(document)
    for item in view.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            kept = {code: response for code, response in responses.items() if str(code).startswith("2")}
            operation["responses"] = kept or responses
    schemas = view.get("components", {}).get("schemas", {})
    _open_all_models(schemas)
    _read_only_not_required_in_requests(view, schemas)
    _parameter_descriptions_on_schemas(view)
    return view


def _parameter_descriptions_on_schemas(view: dict[str, Any]) -> None:
    """Copy each parameter's ``description`` onto its inline schema (when that has none).

    openapi-python-client documents a parameter with its schema's description and ignores the
    parameter's own, which is where the spec writes it ("The ID of the charge point"). A ``$ref``
    schema is left alone: a sibling of ``$ref`` is ignored in OpenAPI 3.0.
    """
    parameters: list[Any] = list(view.get("components", {}).get("parameters", {}).values())
    for item in view.get("paths", {}).values():
        parameters.extend(item.get("parameters") or [])
        for operation in item.values():
            if isinstance(operation, dict):
                parameters.extend(operation.get("parameters") or [])
    for parameter in parameters:
        if not isinstance(parameter, dict) or not isinstance(parameter.get("description"), str):
            continue
        schema = parameter.get("schema")
        if isinstance(schema, dict) and "$ref" not in schema and not schema.get("description"):
            schema["description"] = parameter["description"]


def _read_only_not_required_in_requests(view: dict[str, Any], schemas: dict[str, Any]) -> None:
    """A model a request body uses must not demand its ``readOnly`` fields (an ``id``, say).

    OpenAPI says read-only properties are not sent; the spec reuses read schemas as request bodies,
    where the generated class would otherwise force callers to invent a value.
    """
    reachable: set[str] = set()
    pending = [
        operation.get("requestBody")
        for item in view.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and reference.startswith("#/components/schemas/"):
                name = reference.rsplit("/", 1)[-1]
                if name not in reachable and name in schemas:
                    reachable.add(name)
                    pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    for name in sorted(reachable):
        schema = schemas[name]
        properties = schema.get("properties", {})
        required = schema.get("required")
        if isinstance(required, list):
            kept = [field for field in required if not properties.get(field, {}).get("readOnly")]
            if kept:
                schema["required"] = kept
            else:
                del schema["required"]


def _open_all_models(node: object) -> None:
    """Drop ``additionalProperties: false``: a client must keep fields a newer platform adds.

    The mock tenant still validates against the closed schemas; only generated models stay open.
    """
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            del node["additionalProperties"]
        for value in node.values():
            _open_all_models(value)
    elif isinstance(node, list):
        for value in node:
            _open_all_models(value)
