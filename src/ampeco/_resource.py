"""The runtime half of the resource layer (``client.cdrs.list(...)``, ``client.charge_points.read(1)``).

The resource classes themselves are generated (``ampeco_public_api.resources``, one module per resource,
named by ``codegen/generate/resource_names.py``); they import only this module from the runtime. What
lives here is what every generated method shares:

- sending one request through the client's retrying transport with the per-call options
  ``timeout=``, ``extra_headers=`` and ``extra_query=`` (retries and typed errors still apply);
- unwrapping AMPECO's ``{"data": ...}`` envelope, where a missing ``data`` is a
  :class:`~ampeco.ResponseValidationError` rather than a silent ``UNSET``;
- pagers over listings with their filters already bound, and the warning of deprecated operations.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx

from ampeco._config import Timeout, resolve_timeout
from ampeco._constants import DEFAULT_PAGE_CONCURRENCY
from ampeco._exceptions import InvalidParameterError, ResponseValidationError
from ampeco._pagination import AsyncPager, SyncPager, async_listing_pager, listing_pager
from ampeco._query import query_value
from ampeco._transport import TIMEOUT_EXTENSION
from ampeco._types import AsyncClientLike, Response, SyncClientLike

if TYPE_CHECKING:
    from ampeco._query import QueryParams

__all__ = [
    "DEFAULT_PAGE_CONCURRENCY",
    "AsyncAPIResource",
    "AsyncPager",
    "ExtraHeaders",
    "ExtraQuery",
    "SyncAPIResource",
    "SyncPager",
    "Timeout",
    "TimeoutOption",
    "missing_data",
    "warn_deprecated",
]

# Real objects, not strings: typing.get_type_hints() on a generated method resolves them.
TimeoutOption: TypeAlias = float | Timeout | None
QueryScalar: TypeAlias = str | int | float | bool
ExtraHeaders: TypeAlias = Mapping[str, str] | None
ExtraQuery: TypeAlias = Mapping[str, QueryScalar | Sequence[QueryScalar]] | None


def missing_data(operation: str, response: httpx.Response) -> ResponseValidationError:
    """The error for an envelope without its ``data``: the spec promises it, so this is not ``UNSET``."""
    return ResponseValidationError(operation, "$.data", None, "required field missing: data", response)


def warn_deprecated(operation: str, attribute_path: str, replacement: str = "") -> None:
    """Warn at the caller of a generated method (two frames up: this helper, the method)."""
    instead = f"use client.{replacement}" if replacement else "see api.md"
    warnings.warn(
        f"client.{attribute_path} ({operation}) is deprecated by AMPECO; {instead}",
        DeprecationWarning,
        stacklevel=3,
    )


def request_kwargs(
    kwargs: dict[str, Any],
    *,
    timeout: TimeoutOption,
    extra_headers: ExtraHeaders,
    extra_query: ExtraQuery,
) -> dict[str, Any]:
    """An endpoint's ``httpx`` request arguments with the per-call options merged in (checked first)."""
    extensions = kwargs.get("extensions") or {}
    operation = str(extensions.get("ampeco_operation", "request"))
    merged = dict(kwargs)
    if extra_headers:
        merged["headers"] = {**(kwargs.get("headers") or {}), **_checked_headers(operation, extra_headers)}
    if extra_query:
        extra = _query_pairs(operation, extra_query)
        replaced = {name for name, _ in extra}
        kept: QueryParams = [pair for pair in kwargs.get("params") or [] if pair[0] not in replaced]
        merged["params"] = kept + extra
    if timeout is not None:
        try:
            resolved = resolve_timeout(timeout)
        except ValueError as exc:
            raise InvalidParameterError(
                operation, "timeout", timeout, f"timeout={timeout!r}: {exc}"
            ) from None
        merged["timeout"] = httpx.Timeout(resolved.total, connect=min(resolved.connect, resolved.total))
        merged["extensions"] = {**extensions, TIMEOUT_EXTENSION: resolved}
    return merged


def _checked_headers(operation: str, headers: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(headers, Mapping):
        raise InvalidParameterError(
            operation,
            "extra_headers",
            headers,
            f"extra_headers must be a mapping, got {type(headers).__name__}",
        )
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise InvalidParameterError(
                operation,
                "extra_headers",
                name,
                f"extra_headers must map strings to strings, got {name!r}: {type(value).__name__}",
            )
        if name.lower() == "authorization":
            raise InvalidParameterError(
                operation,
                "extra_headers",
                name,
                "the API token is the client's (token= or AMPECO_API_TOKEN); it cannot be a per-call header",
            )
        checked[name] = value
    return checked


def _query_pairs(operation: str, query: Mapping[str, Any]) -> QueryParams:
    if not isinstance(query, Mapping):
        raise InvalidParameterError(
            operation, "extra_query", query, f"extra_query must be a mapping, got {type(query).__name__}"
        )
    pairs: QueryParams = []
    for name, value in query.items():
        if not isinstance(name, str) or not name:
            raise InvalidParameterError(
                operation, "extra_query", name, "extra_query keys must be non-empty strings"
            )
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None or not isinstance(item, str | int | float | bool):
                raise InvalidParameterError(
                    operation,
                    name,
                    item,
                    f"extra_query[{name!r}] must be a string, number or boolean (or a list of them), "
                    f"got {type(item).__name__}",
                )
            pairs.append((name, query_value(operation, name, item)))
    return pairs


class SyncAPIResource:
    """A namespace of operations bound to a sync client (``client.cdrs``, ``client.charge_points.evses``)."""

    __slots__ = ("_client",)

    def __init__(self, client: SyncClientLike) -> None:
        self._client = client

    def _send(
        self,
        kwargs: dict[str, Any],
        timeout: TimeoutOption,
        extra_headers: ExtraHeaders,
        extra_query: ExtraQuery,
    ) -> httpx.Response:
        merged = request_kwargs(kwargs, timeout=timeout, extra_headers=extra_headers, extra_query=extra_query)
        return self._client.get_httpx_client().request(**merged)

    def _pager(
        self,
        operation: str,
        fetch: Callable[..., Response[Any]],
        *,
        has_cursor: bool,
        has_page: bool,
        limit: int | None,
        cursor: str | None,
        page: int | None,
    ) -> SyncPager[Any]:
        return listing_pager(
            operation,
            fetch,
            client=self._client,
            has_cursor=has_cursor,
            has_page=has_page,
            limit=limit,
            cursor=cursor,
            page=page,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncAPIResource:
    """Async twin of :class:`SyncAPIResource` (``async_client.cdrs``)."""

    __slots__ = ("_client",)

    def __init__(self, client: AsyncClientLike) -> None:
        self._client = client

    async def _send(
        self,
        kwargs: dict[str, Any],
        timeout: TimeoutOption,
        extra_headers: ExtraHeaders,
        extra_query: ExtraQuery,
    ) -> httpx.Response:
        merged = request_kwargs(kwargs, timeout=timeout, extra_headers=extra_headers, extra_query=extra_query)
        return await self._client.get_async_httpx_client().request(**merged)

    def _pager(
        self,
        operation: str,
        fetch: Callable[..., Awaitable[Response[Any]]],
        *,
        has_cursor: bool,
        has_page: bool,
        limit: int | None,
        cursor: str | None,
        page: int | None,
        concurrency: int = DEFAULT_PAGE_CONCURRENCY,
    ) -> AsyncPager[Any]:
        return async_listing_pager(
            operation,
            fetch,
            client=self._client,
            has_cursor=has_cursor,
            has_page=has_page,
            limit=limit,
            cursor=cursor,
            page=page,
            concurrency=concurrency,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
