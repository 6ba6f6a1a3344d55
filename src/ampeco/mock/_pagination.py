"""Listing pages over stored records, with Laravel's two paginators' wire formats.

Cursor pages (``meta.next_cursor``, ``links.next`` carrying ``?cursor=``) and numbered pages
(``meta.current_page``/``last_page``/``total``). Cursors are opaque base64 of the next offset,
and an unreadable cursor starts from the beginning, as Laravel does.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Page:
    items: list[Any]
    links: dict[str, Any]
    meta: dict[str, Any]


def encode_cursor(offset: int, forward: bool = True) -> str:
    raw = json.dumps({"offset": offset, "_pointsToNextItems": forward}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset = int(data["offset"])
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        return 0
    return max(offset, 0)


Query = list[tuple[str, str]]


def _url(base: str, query: Query, **changes: Any) -> str:
    pairs = [(k, v) for k, v in query if k not in changes] + [(k, str(v)) for k, v in changes.items()]
    return f"{base}?{urlencode(pairs)}"


def cursor_page(items: list[Any], *, base_url: str, query: Query, cursor: str | None, per_page: int) -> Page:
    offset = decode_cursor(cursor) if cursor else 0
    chunk = items[offset : offset + per_page]
    has_next = offset + per_page < len(items)
    has_prev = offset > 0
    next_cursor = encode_cursor(offset + per_page) if has_next else None
    prev_cursor = encode_cursor(max(offset - per_page, 0), forward=False) if has_prev else None
    base_query = [(k, v) for k, v in query if k != "cursor"]
    links = {
        "first": None,
        "last": None,
        "prev": _url(base_url, base_query, cursor=prev_cursor) if prev_cursor else None,
        "next": _url(base_url, base_query, cursor=next_cursor) if next_cursor else None,
    }
    meta = {"path": base_url, "per_page": per_page, "next_cursor": next_cursor, "prev_cursor": prev_cursor}
    return Page(chunk, links, meta)


def numbered_page(items: list[Any], *, base_url: str, query: Query, page: int, per_page: int) -> Page:
    total = len(items)
    last_page = max(1, math.ceil(total / per_page))
    page = max(page, 1)
    start = (page - 1) * per_page
    chunk = items[start : start + per_page]
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
