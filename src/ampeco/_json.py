"""JSON in and out. Response bodies are decoded by orjson when it is installed (the ``fast`` extra), by the
standard library if not; :func:`json_ready` turns the Python values of a dict filter or body into JSON's.

orjson decodes a listing page two to three times faster than ``json``, but differs from it in corners:
it refuses a byte-order mark, ``NaN``, lone surrogates and some malformed UTF-8, and it turns an integer
outside the 64-bit range into a float. The API sends none of these, but the result must never depend on
the extra: a body orjson refuses is decoded by ``json`` (so the same bodies are accepted, and a body that
is not JSON gets ``json``'s error), and a body with an integer literal of 19 or more digits is decoded by
``json`` from the start (found by a scan that costs a fraction of the decoding; a long digit run inside
a string, such as an ICCID, does not count).
"""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = ["json_body", "json_ready", "loads"]

_fast_loads: Callable[[bytes], Any] | None
try:
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - depends on the environment
    _fast_loads = None

# Every digit becomes "0", everything else a space: a run of 19 zeros is a run of 19 digits.
_DIGITS_ONLY = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19  # 2**63 has 19 digits: shorter integers are exact in orjson
_BEFORE_NUMBER = frozenset(b":,[ \t\r\n")  # what can precede a number token (after its sign)


def has_long_integer(content: bytes) -> bool:
    """True when ``content`` may hold an integer literal orjson would turn into a float."""
    digits = content.translate(_DIGITS_ONLY)
    start = digits.find(_LONG_RUN)
    while start != -1:
        token = start - 1 if start > 0 and content[start - 1] == 0x2D else start  # a minus sign
        if token == 0 or content[token - 1] in _BEFORE_NUMBER:
            return True
        end = digits.find(b" ", start)
        if end == -1:
            return False
        start = digits.find(_LONG_RUN, end)
    return False


def _orjson_or_json(content: bytes | str) -> Any:
    if _fast_loads is None or not isinstance(content, bytes) or has_long_integer(content):
        return json.loads(content)
    try:
        return _fast_loads(content)
    except ValueError:  # orjson.JSONDecodeError is a ValueError
        return json.loads(content)


loads: Callable[[bytes | str], Any] = json.loads if _fast_loads is None else _orjson_or_json
"""The decoder in use (a benchmark may swap it to compare both)."""


def json_body(response: httpx.Response) -> Any:
    """The JSON document of a response body, decoded once by the fastest exact decoder available."""
    return loads(response.content)


def json_ready(value: Any) -> Any:
    """Python values as JSON has them, for a model's ``from_dict`` to read: an enum member as its value,
    a date or datetime in ISO 8601 (a naive datetime stays naive, so the request still refuses it), a
    generated model as its ``to_dict()``, any other mapping or sequence item by item.

    Dict filters and dict request bodies go through this before their model parses them.
    """
    if isinstance(value, Mapping):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_ready(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):  # datetime included
        return value.isoformat()
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and hasattr(type(value), "__attrs_attrs__"):
        return to_dict()
    return value
