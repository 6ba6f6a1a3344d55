"""Errors that cross process boundaries as themselves, without the credentials they came near.

``ProcessPoolExecutor`` and multiprocessing pickle an exception raised in a worker. The default pickling
calls ``__init__`` again with ``args`` (our errors take keyword arguments, so it breaks) and would carry
the request's ``Authorization`` header. :class:`PicklableError` rebuilds an error without ``__init__``,
from a copy of its attributes in which every string is redacted and httpx requests and responses drop
their credential headers.
"""

from __future__ import annotations

import sys
from typing import Any

from ampeco._logs import redact

__all__ = ["PicklableError"]

# Headers that carry credentials: never part of a pickled error.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


def _scrub(value: Any) -> Any:
    """``value`` with every string (and bytes) redacted and httpx objects made portable; containers are
    copied. Iterative, so a deeply nested error body cannot exhaust the stack."""
    root: list[Any] = [value]
    stack: list[tuple[Any, Any, Any]] = [(root, 0, value)]
    copies: dict[int, Any] = {}  # id of a dict or list already copied -> its copy (shared or cyclic data)
    tuples: list[tuple[Any, Any]] = []  # where tuples were rebuilt as lists, outer ones first
    while stack:
        parent, key, item = stack.pop()
        if isinstance(item, str):
            parent[key] = redact(item)
        elif isinstance(item, bytes):
            parent[key] = redact(item.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
        elif isinstance(item, dict | list) and id(item) in copies:
            parent[key] = copies[id(item)]
        elif isinstance(item, dict):
            mapping: dict[Any, Any] = dict(item)
            parent[key] = copies[id(item)] = mapping
            stack.extend((mapping, k, v) for k, v in mapping.items())
        elif isinstance(item, list | tuple):
            items = list(item)
            parent[key] = items
            if isinstance(item, tuple):
                tuples.append((parent, key))
            else:
                copies[id(item)] = items
            stack.extend((items, index, v) for index, v in enumerate(items))
        else:
            parent[key] = _portable(item)
    for parent, key in reversed(tuples):  # inner tuples first, so outer ones hold the finished inner ones
        parent[key] = tuple(parent[key])
    return root[0]


def _portable(value: Any) -> Any:
    """httpx requests and responses without credential headers and with redacted content (their own
    pickling keeps every header, the token included)."""
    httpx_module = sys.modules.get("httpx")
    if httpx_module is None:
        return value
    if isinstance(value, httpx_module.Request):
        try:
            content = _scrub(value.content)
        except httpx_module.RequestNotRead:
            content = b""
        return httpx_module.Request(
            value.method, value.url, headers=_public_headers(value.headers), content=content
        )
    if isinstance(value, httpx_module.Response):
        try:
            content = _scrub(value.content)
        except httpx_module.ResponseNotRead:
            content = b""
        try:
            request = _portable(value.request)
        except RuntimeError:  # a response built without a request
            request = None
        copy = httpx_module.Response(value.status_code, content=content, request=request)
        # The headers as received; the content is already decoded, so it is not decoded again.
        copy.headers = httpx_module.Headers(_public_headers(value.headers))
        return copy
    return value


def _public_headers(headers: Any) -> list[tuple[str, str]]:
    return [(k, redact(v)) for k, v in headers.multi_items() if k.lower() not in _SECRET_HEADERS]


def _restore(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    """Rebuild a pickled error without calling its ``__init__`` (whose signature varies by class)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class PicklableError(Exception):
    """Errors cross process boundaries (``ProcessPoolExecutor``, multiprocessing) as themselves, with
    their attributes, and without the credentials of the request they came from."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), _scrub(self.args), _scrub(self.__dict__)))
