"""Every operation of the spec, indexed for routing: path templates compiled to matchers.

AMPECO paths carry a version segment (``/charge-points/v2.0/{chargePoint}``). ``resource_path``
drops it, so all versions of a resource share one collection in the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ampeco._openapi import iter_operations

_PARAM = re.compile(r"\{([^}/]+)\}")
_VERSION = re.compile(r"^v\d+(\.\d+)*$")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    schema: dict[str, Any]
    required: bool
    style: str | None


@dataclass(frozen=True)
class Operation:
    """One operation with what the mock needs to validate and answer it."""

    method: str
    path: str
    operation_id: str
    spec: dict[str, Any] = field(repr=False)
    parameters: tuple[Parameter, ...] = field(repr=False)

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def responses(self) -> dict[str, Any]:
        found = self.spec.get("responses")
        return found if isinstance(found, dict) else {}

    @property
    def body_schema(self) -> dict[str, Any] | None:
        body = self.spec.get("requestBody")
        if not isinstance(body, Mapping):
            return None
        media = body.get("content", {}).get("application/json")
        if not isinstance(media, Mapping):
            return None
        schema = media.get("schema")
        return schema if isinstance(schema, dict) else None

    @property
    def body_required(self) -> bool:
        body = self.spec.get("requestBody")
        return isinstance(body, Mapping) and body.get("required") is True

    def documents(self, status: int) -> bool:
        return str(status) in self.responses

    @property
    def resource_path(self) -> str:
        return resource_path(self.path)

    @property
    def is_action(self) -> bool:
        return "/actions/" in self.path


def resource_path(path: str) -> str:
    """The path template without its version segment(s)."""
    return "/".join(part for part in path.split("/") if not _VERSION.match(part))


@dataclass
class _Route:
    path: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    literals: int
    operations: dict[str, Operation]


class OperationIndex:
    """Matches request paths to path templates; knows which methods each path allows."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.by_id: dict[str, Operation] = {}
        self._routes: list[_Route] = []
        by_path: dict[str, dict[str, Operation]] = {}
        for ref in iter_operations(document):
            parameters = tuple(
                Parameter(
                    name=str(p["name"]),
                    location=str(p["in"]),
                    schema=_schema_of(p),
                    required=bool(p.get("required", p["in"] == "path")),
                    style=p.get("style"),
                )
                for p in ref.parameters
            )
            operation_id = ref.operation_id or f"{ref.method} {ref.path}"
            operation = Operation(ref.method, ref.path, operation_id, dict(ref.operation), parameters)
            by_path.setdefault(ref.path, {})[ref.method] = operation
            self.by_id[operation_id] = operation
        self._routes = [_compile(path, operations) for path, operations in by_path.items()]
        # Literal segments win over parameters: /price-periods/date before /{x}/{y}.
        self._routes.sort(key=lambda route: (-route.path.count("/"), -route.literals))
        self._candidates, self._wildcards = _bucket(self._routes)

    def __iter__(self) -> Iterator[Operation]:
        for route in self._routes:
            yield from route.operations.values()

    def __len__(self) -> int:
        return len(self.by_id)

    def match(self, path: str) -> tuple[dict[str, Operation], dict[str, str]] | None:
        """The operations of the first template matching ``path`` and its path parameters.

        Only the templates that can match are tried (same segment count, same resource segment), in
        the order of the full list, so the answer is the full list's first match."""
        segments = path.split("/")
        key = (len(segments), segments[_BUCKET_SEGMENT] if len(segments) > _BUCKET_SEGMENT else None)
        candidates = self._candidates.get(key)
        if candidates is None:
            candidates = self._wildcards.get(len(segments), [])
        for route in candidates:
            found = route.pattern.match(path)
            if found:
                return route.operations, dict(zip(route.names, found.groups(), strict=True))
        return None

    def operations_at(self, path_template: str) -> dict[str, Operation]:
        for route in self._routes:
            if route.path == path_template:
                return route.operations
        return {}


# /public-api/resources/<resource>/...: segment 3 names the resource, the most selective literal.
_BUCKET_SEGMENT = 3
_Bucket = tuple[int, str | None]


def _bucket(routes: list[_Route]) -> tuple[dict[_Bucket, list[_Route]], dict[int, list[_Route]]]:
    """Routes grouped by segment count and resource segment, each group keeping the routes' order.

    A parameter matches exactly one segment, so a template only matches paths with its segment count;
    a template whose resource segment is a parameter joins every group of its segment count."""

    def literal(route: _Route) -> str | None:
        segments = route.path.split("/")
        if len(segments) <= _BUCKET_SEGMENT or _PARAM.search(segments[_BUCKET_SEGMENT]):
            return None
        return segments[_BUCKET_SEGMENT]

    by_count: dict[int, list[_Route]] = {}
    for route in routes:
        by_count.setdefault(len(route.path.split("/")), []).append(route)
    candidates: dict[_Bucket, list[_Route]] = {}
    wildcards: dict[int, list[_Route]] = {}
    for count, group in by_count.items():
        wildcards[count] = [route for route in group if literal(route) is None]
        for name in {literal(route) for route in group} - {None}:
            candidates[(count, name)] = [route for route in group if literal(route) in (name, None)]
    return candidates, wildcards


def _schema_of(parameter: Mapping[str, Any]) -> dict[str, Any]:
    schema = parameter.get("schema")
    return dict(schema) if isinstance(schema, Mapping) else {}


def _compile(path: str, operations: dict[str, Operation]) -> _Route:
    names = tuple(_PARAM.findall(path))
    regex = "^" + _PARAM.sub("([^/]+)", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")) + "$"
    literals = sum(1 for part in path.split("/") if part and not _PARAM.fullmatch(part))
    return _Route(path, re.compile(regex), names, literals, operations)
