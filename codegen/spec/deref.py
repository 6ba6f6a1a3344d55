"""Resolve local ``$ref`` pointers so two documents compare by content, not by component names."""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]


class DereferenceError(ValueError):
    """A ``$ref`` points outside the document or at nothing."""


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: JSON, ref: str) -> Any:
    if not ref.startswith("#/"):
        raise DereferenceError(f"only local references are supported, got {ref!r}")
    node: Any = document
    for token in ref[2:].split("/"):
        key = _unescape(token)
        try:
            node = node[int(key)] if isinstance(node, list) else node[key]
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise DereferenceError(f"$ref {ref!r} points at nothing") from exc
    return node


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
