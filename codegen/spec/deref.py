"""Resolve local ``$ref`` pointers so two documents compare by content, not by component names."""

from __future__ import annotations

from typing import Any

from ampeco._openapi import resolve_pointer

JSON = dict[str, Any]


def dereference(document: JSON) -> JSON:
    """A copy with every local ``$ref`` replaced by its target.

    A reference met again inside its own expansion (a recursive schema) is left as
    ``{"$ref": ...}``; the differ compares such markers by name.
    """

    def resolve(node: Any, active: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [resolve(item, active) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in active:
                return {"$ref": ref}
            target = resolve(resolve_pointer(document, ref), active | {ref})
            siblings = {key: resolve(value, active) for key, value in node.items() if key != "$ref"}
            return {**target, **siblings} if isinstance(target, dict) else target
        return {key: resolve(value, active) for key, value in node.items()}

    result = resolve(document, frozenset())
    assert isinstance(result, dict)
    return result
