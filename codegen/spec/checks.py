"""Assumptions the templates make about the spec, checked on every regeneration.

The generator does not tell templates a parameter's ``style``; our query encoding writes every
object or array query parameter as ``deepObject``. That is true of AMPECO's spec today; if a release
ever adds a ``form``-style array, this check fails the run instead of letting the client send a
query string the server reads differently.
"""

from __future__ import annotations

from typing import Any

from codegen.spec.deref import resolve_pointer
from codegen.spec.normalize import HTTP_METHODS


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while isinstance(node.get("$ref"), str):
        node = resolve_pointer(document, node["$ref"])
    return node


def query_style_violations(document: dict[str, Any]) -> list[str]:
    """Object/array query parameters that are not ``style: deepObject``."""
    problems = []
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                parameter = _resolve(document, parameter)
                if parameter.get("in") != "query":
                    continue
                schema = _resolve(document, parameter.get("schema", {}))
                kind = schema.get("type", "object" if "properties" in schema else None)
                if kind in ("object", "array") and parameter.get("style") != "deepObject":
                    problems.append(
                        f"{method.upper()} {path}: query parameter {parameter.get('name')!r} is a {kind} "
                        f"with style {parameter.get('style', 'form')!r}; "
                        "the templates encode it as deepObject"
                    )
    return problems
