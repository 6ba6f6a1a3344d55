"""How request parameters go on the wire, checked before anything is sent.

- ``style: deepObject`` objects and arrays: ``filter[key]=v``, ``filter[ids][]=1``, ``include[]=a``;
- booleans ``true``/``false``; date-times ISO 8601 and timezone-aware (a naive datetime would be read
  in the tenant's zone, silently shifting a filter window);
- path parameters are exactly one URL segment (see :func:`path_value`);
- a request body holds no naive datetime either (see :func:`check_request_body`): ``to_dict()`` would
  send it without an offset, to be read in the tenant's zone.

Every refusal is an :class:`~ampeco.InvalidParameterError` naming the operation, parameter and value.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Mapping

from ampeco._exceptions import InvalidParameterError
from ampeco._types import Unset

__all__ = [
    "QueryParams",
    "check_request_body",
    "deep_object_query",
    "path_value",
    "query_value",
    "scalar_query_value",
]

QueryParams = list[tuple[str, str]]


def query_value(operation: str, name: str, value: object) -> str:
    """One scalar as the AMPECO API reads it in a query string.

    Booleans are ``true``/``false``; date-times are ISO 8601 and must carry an offset (a naive
    datetime would be read in the tenant's zone, silently shifting a filter window).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidParameterError(
                operation,
                name,
                value,
                f"query parameter {name}={value.isoformat()!r} is a naive datetime; "
                "pass a timezone-aware datetime (for example datetime.now(timezone.utc))",
            )
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _deep_object_pairs(operation: str, prefix: str, value: object) -> Iterator[tuple[str, str]]:
    if value is None or isinstance(value, Unset):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _deep_object_pairs(operation, f"{prefix}[{key}]", item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _deep_object_pairs(operation, f"{prefix}[]", item)
    else:
        yield prefix, query_value(operation, prefix, value)


def deep_object_query(operation: str, name: str, value: object, schema: type | None = None) -> QueryParams:
    """A ``style: deepObject`` parameter as ``name[key]=value`` pairs (arrays: ``name[]=a&name[]=b``).

    ``schema`` is what the spec declares: ``list`` for an array, or the generated model of an object
    (``CdrFilter``). A model's attributes are checked before ``to_dict()`` turns them into strings, so a
    naive datetime inside a filter is still refused. A plain dict (or a model carrying keys its class
    does not know) is checked against the model first: ``filter={"start_date_time_from": ...}`` would
    otherwise go out as ``filter[start_date_time_from]``, which the API ignores, and a filtered export
    would silently come back unfiltered.
    """
    if value is None or isinstance(value, Unset):
        return []
    if schema is list:
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise InvalidParameterError(
                operation,
                name,
                value,
                f"query parameter {name!r} is an array; pass a list, got {type(value).__name__}",
            )
    elif schema is not None:
        value = _as_model(operation, name, value, schema)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        for attribute, item in _attributes(value):
            if isinstance(item, datetime.datetime):
                query_value(operation, f"{name}.{attribute}", item)
        value = to_dict()
    return list(_deep_object_pairs(operation, name, value))


def _as_model(operation: str, name: str, value: object, model: type) -> object:
    """``value`` as an instance of ``model`` with known keys only, or an error naming what is wrong."""
    if isinstance(value, model) and not getattr(value, "additional_properties", None):
        return value  # the typed way: nothing to check
    to_dict = getattr(value, "to_dict", None)
    if isinstance(value, Mapping):
        mapping: Mapping[object, object] = value
    elif callable(to_dict) and hasattr(type(value), "__attrs_attrs__"):
        mapping = to_dict()  # another model, or extra keys: every key must be one the model knows
    else:
        raise InvalidParameterError(
            operation,
            name,
            value,
            f"query parameter {name!r} takes a {model.__name__} or a dict of its fields, "
            f"got {type(value).__name__}",
        )
    from ampeco._filters import to_filter_model  # only when a dict or extra keys arrive

    return to_filter_model(model, mapping, operation=operation, name=name)


def _attributes(model: object) -> Iterable[tuple[str, object]]:
    fields = getattr(type(model), "__attrs_attrs__", ())
    for field in fields:
        yield field.name, getattr(model, field.name)


def _datetimes(value: object, path: str) -> Iterator[tuple[str, datetime.datetime]]:
    """Every datetime in a request body (generated models, mappings, lists), with its path."""
    if isinstance(value, datetime.datetime):
        yield path, value
    elif hasattr(type(value), "__attrs_attrs__"):
        for attribute, item in _attributes(value):
            if attribute == "additional_properties" and isinstance(item, Mapping):
                yield from _datetimes(item, path)
            else:
                yield from _datetimes(item, f"{path}.{attribute}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _datetimes(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _datetimes(item, f"{path}[{index}]")


def check_request_body(operation: str, body: object) -> None:
    """Refuse a request body holding a naive datetime, as a query parameter with one is refused.

    The error names the operation and the field (``body.schedule.start_at``, Python names).
    """
    for path, value in _datetimes(body, "body"):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidParameterError(
                operation,
                path,
                value,
                f"request body field {path}={value.isoformat()!r} is a naive datetime; "
                "pass a timezone-aware datetime (for example datetime.now(timezone.utc))",
            )


_SCALAR_KINDS: dict[str, tuple[type, ...]] = {
    "IntProperty": (int,),
    "FloatProperty": (int, float),
    "BooleanProperty": (bool,),
    "StringProperty": (str,),
    "DateProperty": (datetime.date,),
    "DateTimeProperty": (datetime.datetime,),
}


def _check_parameter_type(operation: str, location: str, name: str, value: object, kind: str) -> None:
    """Refuse a value of the wrong Python type before it is turned into text.

    ``True`` for an integer id would go out as ``true`` and ``1.5`` as ``1.5``: the server would
    answer about a record nobody meant. Kinds not listed (enums, unions) are checked by their own
    encoding.
    """
    allowed = _SCALAR_KINDS.get(kind)
    if allowed is None:
        if isinstance(value, bool):
            raise InvalidParameterError(
                operation, name, value, f"{location} parameter {name!r} does not take a boolean"
            )
        return
    if isinstance(value, bool) and bool not in allowed:
        raise InvalidParameterError(
            operation, name, value, f"{location} parameter {name!r} must be {allowed[0].__name__}, got bool"
        )
    if kind == "FloatProperty" and isinstance(value, float) and value != value:
        raise InvalidParameterError(operation, name, value, f"{location} parameter {name!r} must not be NaN")
    if kind == "DateProperty" and isinstance(value, datetime.datetime):
        raise InvalidParameterError(
            operation,
            name,
            value,
            f"{location} parameter {name!r} is a date; pass a datetime.date, not a datetime",
        )
    if not isinstance(value, allowed):
        raise InvalidParameterError(
            operation,
            name,
            value,
            f"{location} parameter {name!r} must be {allowed[0].__name__}, got {type(value).__name__}",
        )


def scalar_query_value(operation: str, name: str, value: object, kind: str) -> str:
    """A scalar query parameter after its type check (see :func:`query_value` for the encoding)."""
    _check_parameter_type(operation, "query", name, value, kind)
    return query_value(operation, name, value)


def path_value(operation: str, name: str, value: object, kind: str = "") -> str:
    """A path parameter as exactly one URL segment, or an error before anything is sent.

    Empty and ``None`` values, and ``.``/``..`` (which HTTP clients resolve as dot segments, so
    ``DELETE .../users/v1.0/7/payment-methods/..`` would delete user 7) are refused; so are values of
    the wrong type (``True`` or ``1.5`` for an integer id). Everything else is percent-encoded by the
    caller, ``/`` included.
    """
    if value is None or isinstance(value, Unset):
        raise InvalidParameterError(
            operation, name, value, f"path parameter {name!r} is required, got {value!r}"
        )
    _check_parameter_type(operation, "path", name, value, kind)
    text = query_value(operation, name, value)
    if text == "":
        raise InvalidParameterError(operation, name, value, f"path parameter {name!r} must not be empty")
    if text in (".", ".."):
        raise InvalidParameterError(
            operation,
            name,
            value,
            f"path parameter {name!r} must not be {text!r}: it would address a different route",
        )
    return text
