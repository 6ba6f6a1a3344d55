"""Listing pages over stored records, with Laravel's two paginators' wire formats.

Cursor pages (``meta.next_cursor``, ``links.next`` carrying ``?cursor=``) and numbered pages
(``meta.current_page``/``last_page``/``total``). Records are listed in id order. Cursors are keyset
cursors, as Laravel's ``cursorPaginate`` makes them: opaque base64 of ``{"id": <last id seen>,
"_pointsToNextItems": true}``, so a record deleted or added during a walk never shifts the pages
after it. A cursor that does not decode to that shape is a 422 naming ``cursor``.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ampeco.mock._store import SortKey, sort_key


@dataclass(frozen=True)
class Page:
    items: list[Any]
    links: dict[str, Any]
    meta: dict[str, Any]


@dataclass(frozen=True)
class Cursor:
    """A position between two records: after ``key`` (forward) or before it (backward)."""

    key: int | str
    forward: bool = True


class InvalidCursor(ValueError):
    """A cursor this tenant did not issue (or cannot read): the API answers 422."""


def encode_cursor(cursor: Cursor) -> str:
    raw = json.dumps({"id": cursor.key, "_pointsToNextItems": cursor.forward}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str) -> Cursor | None:
    """The cursor ``text`` stands for (``None`` for the empty cursor); :class:`InvalidCursor` otherwise."""
    if text == "":
        return None
    try:
        padded = text + "=" * (-len(text) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError) as exc:
        raise InvalidCursor("The cursor is not one this API issued.") from exc
    if not isinstance(data, dict) or set(data) != {"id", "_pointsToNextItems"}:
        raise InvalidCursor("The cursor is not one this API issued.")
    key, forward = data["id"], data["_pointsToNextItems"]
    if isinstance(key, bool) or not isinstance(key, int | str) or not isinstance(forward, bool):
        raise InvalidCursor("The cursor is not one this API issued.")
    return Cursor(key, forward)


Query = list[tuple[str, str]]


def _url(base: str, query: Query, **changes: Any) -> str:
    pairs = [(k, v) for k, v in query if k not in changes] + [(k, str(v)) for k, v in changes.items()]
    return f"{base}?{urlencode(pairs)}"


def cursor_page(
    items: Sequence[tuple[SortKey, Any]],
    *,
    base_url: str,
    query: Query,
    cursor: Cursor | None,
    per_page: int,
) -> Page:
    """One page of ``items`` (``(key, item)`` pairs sorted by key) from ``cursor`` on, with its
    neighbours' cursors; the page keeps the pairs."""
    keys = [key for key, _ in items]
    if cursor is None:
        start, stop = 0, min(per_page, len(items))
    elif cursor.forward:
        start = _first_after(keys, sort_key(cursor.key))
        stop = min(start + per_page, len(items))
    else:
        stop = _first_at_or_after(keys, sort_key(cursor.key))
        start = max(stop - per_page, 0)
    chunk = items[start:stop]
    next_cursor = encode_cursor(Cursor(chunk[-1][0][1], True)) if chunk and stop < len(items) else None
    prev_cursor = encode_cursor(Cursor(chunk[0][0][1], False)) if chunk and start > 0 else None
    base_query = [(k, v) for k, v in query if k != "cursor"]
    links = {
        "first": None,
        "last": None,
        "prev": _url(base_url, base_query, cursor=prev_cursor) if prev_cursor else None,
        "next": _url(base_url, base_query, cursor=next_cursor) if next_cursor else None,
    }
    meta = {"path": base_url, "per_page": per_page, "next_cursor": next_cursor, "prev_cursor": prev_cursor}
    return Page(list(chunk), links, meta)


def _first_after(keys: list[SortKey], key: SortKey) -> int:
    return next((index for index, candidate in enumerate(keys) if candidate > key), len(keys))


def _first_at_or_after(keys: list[SortKey], key: SortKey) -> int:
    return next((index for index, candidate in enumerate(keys) if candidate >= key), len(keys))


def numbered_page(items: Sequence[Any], *, base_url: str, query: Query, page: int, per_page: int) -> Page:
    total = len(items)
    last_page = max(1, math.ceil(total / per_page))
    page = max(page, 1)
    start = (page - 1) * per_page
    chunk = list(items[start : start + per_page])
    base_query = [(k, v) for k, v in query if k != "page"]
    links = {
        "first": _url(base_url, base_query, page=1),
        "last": _url(base_url, base_query, page=last_page),
        "prev": _url(base_url, base_query, page=page - 1) if page > 1 else None,
        "next": _url(base_url, base_query, page=page + 1) if page < last_page else None,
    }
    page_links = [{"url": links["prev"], "label": "&laquo; Previous", "active": False}]
    page_links += [
        {"url": _url(base_url, base_query, page=n), "label": str(n), "active": n == page}
        for n in range(1, last_page + 1)
    ]
    page_links.append({"url": links["next"], "label": "Next &raquo;", "active": False})
    meta = {
        "current_page": page,
        "from": start + 1 if chunk else None,
        "last_page": last_page,
        "links": page_links,
        "path": base_url,
        "per_page": per_page,
        "to": start + len(chunk) if chunk else None,
        "total": total,
    }
    return Page(chunk, links, meta)
