"""The normalized document as the generator is shown it (the mock and the tests keep the full one).

- Non-2xx responses are dropped from operations: ``ampeco.Client`` raises typed errors for them, so
  they do not belong in the return type of every endpoint function.
- Every model is open (``additionalProperties: false`` dropped): a client keeps fields a newer
  platform adds.
- ``readOnly`` fields are not required in models that request bodies use.
- Enum members keep the words of their values (``suspendedEV`` -> ``SUSPENDED_EV``, not
  ``SUSPENDEDEV``): the generator upper-cases a value before splitting it into words, so we give it
  ``x-enum-varnames`` computed with its own ``snake_case`` on the value as written.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from ampeco._openapi import iter_operations


def generator_view(document: dict[str, Any]) -> dict[str, Any]:
    """The normalized document as the generator should see it.

    Non-2xx responses are dropped from operations: ``ampeco.Client`` raises typed errors for
    them, so they do not belong in the return type of every endpoint function. Their body
    schemas stay in ``components`` and are still generated as models. Every model is open.
    """
    view: dict[str, Any] = copy.deepcopy(document)
    for ref in iter_operations(view):
        operation = cast(dict[str, Any], ref.operation)
        responses = operation.get("responses")
        if not isinstance(responses, dict):
            continue
        kept = {code: response for code, response in responses.items() if str(code).startswith("2")}
        operation["responses"] = kept or responses
    schemas = view.get("components", {}).get("schemas", {})
    _open_all_models(schemas)
    _read_only_not_required_in_requests(view, schemas)
    _name_enum_members(view)
    return view


def _name_enum_members(node: object) -> None:
    """``x-enum-varnames`` on every string enum (hoisted or inline) whose member names would lose
    word boundaries."""
    from openapi_python_client.strings import snake_case

    if isinstance(node, list):
        for item in node:
            _name_enum_members(item)
        return
    if not isinstance(node, dict):
        return
    values = node.get("enum")
    if isinstance(values, list) and values and all(isinstance(value, str) for value in values):
        default = [
            snake_case(v.upper()).upper() if v[:1].isalpha() else f"VALUE_{i}" for i, v in enumerate(values)
        ]
        ours = [snake_case(v).upper() if v[:1].isalpha() else f"VALUE_{i}" for i, v in enumerate(values)]
        # Two values with the same words ("user.subscriptionChanged", "user.subscription.changed") keep
        # the generator's own names, which tell them apart.
        ours = [name if ours.count(name) == 1 else default[i] for i, name in enumerate(ours)]
        if ours != default and len(set(ours)) == len(ours):
            node["x-enum-varnames"] = ours
    for key, value in node.items():
        if key not in ("example", "examples", "enum"):
            _name_enum_members(value)


def _read_only_not_required_in_requests(view: dict[str, Any], schemas: dict[str, Any]) -> None:
    """A model a request body uses must not demand its ``readOnly`` fields (an ``id``, say).

    OpenAPI says read-only properties are not sent; the spec reuses read schemas as request bodies,
    where the generated class would otherwise force callers to invent a value.
    """
    reachable: set[str] = set()
    pending = [ref.operation.get("requestBody") for ref in iter_operations(view)]
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
