"""Assumptions the templates make about the spec, checked on every regeneration.

The generator does not tell templates a parameter's ``style``; our query encoding writes every
object or array query parameter as ``deepObject``. That is true of AMPECO's spec today; if a release
ever adds a ``form``-style array, this check fails the run instead of letting the client send a
query string the server reads differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ampeco._openapi import iter_operations, resolve_pointer


def _resolve(document: dict[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while isinstance(node.get("$ref"), str):
        node = resolve_pointer(document, node["$ref"])
    return node


def query_style_violations(document: dict[str, Any]) -> list[str]:
    """Object/array query parameters that are not ``style: deepObject``."""
    problems = []
    for operation in iter_operations(document):
        for parameter in operation.parameters:
            parameter = _resolve(document, parameter)
            if parameter.get("in") != "query":
                continue
            schema = _resolve(document, parameter.get("schema", {}))
            kind = schema.get("type", "object" if "properties" in schema else None)
            if kind in ("object", "array") and parameter.get("style") != "deepObject":
                problems.append(
                    f"{operation.method.upper()} {operation.path}: query parameter {parameter.get('name')!r} "
                    f"is a {kind} with style {parameter.get('style', 'form')!r}; "
                    "the templates encode it as deepObject"
                )
    return problems
