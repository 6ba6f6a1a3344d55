"""The OpenAPI vocabulary shared by the mock tenant and the dev-only ``codegen`` package.

One definition each of: the HTTP methods an OpenAPI path item can hold, "the operations of a
document" (with path-level parameters merged in, as OpenAPI specifies), and JSON pointers. Standard
library only, so the runtime can carry it at no cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "HTTP_METHODS",
    "OperationRef",
    "PointerError",
    "escape_pointer_token",
    "iter_operations",
    "resolve_pointer",
    "unescape_pointer_token",
]

HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, slots=True)
class OperationRef:
    """One operation of a document, where it stands, and everything needed to address it."""

    path: str
    method: str
    operation: Mapping[str, Any]
    path_item: Mapping[str, Any]

    @property
    def operation_id(self) -> str | None:
        value = self.operation.get("operationId")
        return value if isinstance(value, str) and value else None

    @property
    def pointer(self) -> str:
        """``#/paths/~1public-api~1.../get``: the JSON pointer of the operation object."""
        return f"#/paths/{escape_pointer_token(self.path)}/{self.method}"

    @property
    def parameters(self) -> list[Mapping[str, Any]]:
        """Path-level parameters overridden by operation-level ones with the same ``(in, name)``."""
        merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        for source in (self.path_item.get("parameters") or [], self.operation.get("parameters") or []):
            for parameter in source:
                if isinstance(parameter, Mapping):
                    merged[(str(parameter.get("in")), str(parameter.get("name")))] = parameter
        return list(merged.values())

    @property
    def deprecated(self) -> bool:
        return bool(self.operation.get("deprecated"))


def iter_operations(document: Mapping[str, Any]) -> Iterator[OperationRef]:
    """Every operation in ``paths``, in document order, methods in :data:`HTTP_METHODS` order."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                yield OperationRef(path, method, operation, item)


class PointerError(ValueError):
    """A JSON pointer points outside the document or at nothing."""


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: Any, ref: str) -> Any:
    """The node a local reference (``#/components/schemas/X``) names."""
    if not ref.startswith("#/"):
        raise PointerError(f"only local references are supported, got {ref!r}")
    node: Any = document
    for token in ref[2:].split("/"):
        key = unescape_pointer_token(token)
        try:
            node = node[int(key)] if isinstance(node, list) else node[key]
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise PointerError(f"{ref!r} points at nothing") from exc
    return node
