"""Command-line text to values, directed by the generated type annotations.

Everything on a command line is text; what it becomes depends on the parameter or field it is for:
``12`` for an ``int`` id, ``true`` for a ``bool``, ``2024-05-01`` for a ``datetime.date``, one of the enum's
values for an enum (anything else is refused with the accepted values), ``a,b`` for a list. The same
rules serve path and query parameters (Python values for the resource method), and filter and body
fields (JSON values for the models' own parsers, which check them again).
"""

from __future__ import annotations

import datetime
import enum
import json
import math
import types
import typing
from dataclasses import dataclass
from typing import Any

import attrs

from ampeco._types import Unset

__all__ = ["BadValue", "Shape", "shape_of", "to_json", "to_python"]

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_SCALARS = (bool, int, float, str, datetime.datetime, datetime.date)


class BadValue(ValueError):
    """A text that does not fit its parameter or field; the message says what was expected."""

    def __init__(self, where: str, text: str, expected: str) -> None:
        super().__init__(f"{where}: {text!r} is not {expected}")
        self.where = where
        self.text = text
        self.expected = expected


@dataclass(frozen=True)
class Shape:
    """What an annotation accepts, in the terms text conversion needs."""

    enums: tuple[type[enum.Enum], ...] = ()
    scalars: frozenset[type] = frozenset()
    items: Any = None  # the item annotation of a list
    models: tuple[type, ...] = ()
    structured: bool = False  # an object or free-form value: given as JSON
    nullable: bool = False

    def describe(self) -> str:
        kinds: list[str] = []
        for enum_class in self.enums:
            kinds.append("one of " + ", ".join(str(member.value) for member in enum_class))
        names = {
            bool: "true or false",
            int: "an integer",
            float: "a number",
            str: "text",
            datetime.datetime: "an ISO 8601 date-time with its UTC offset (2024-05-01T00:00:00Z)",
            datetime.date: "a date (YYYY-MM-DD)",
        }
        kinds += [names[kind] for kind in _SCALARS if kind in self.scalars]
        if self.items is not None:
            kinds.append("a comma-separated list")
        if self.structured or self.models:
            kinds.append("JSON")
        return " or ".join(kinds) or "a value"


def shape_of(annotation: Any) -> Shape:
    """The :class:`Shape` of a resolved annotation (``int | Unset``, ``list[Item] | Unset``, a model)."""
    enums: list[type[enum.Enum]] = []
    scalars: set[type] = set()
    models: list[type] = []
    items: Any = None
    structured = False
    nullable = False
    for member in _members(annotation):
        origin = typing.get_origin(member)
        if member is type(None):
            nullable = True
        elif isinstance(member, type) and issubclass(member, enum.Enum):
            enums.append(member)
        elif member in _SCALARS:
            scalars.add(member)
        elif origin is list:
            (items,) = typing.get_args(member) or (Any,)
        elif isinstance(member, type) and attrs.has(member):
            models.append(member)
        else:  # dict, Any, and whatever else: free-form JSON
            structured = True
    return Shape(tuple(enums), frozenset(scalars), items, tuple(models), structured, nullable)


def _members(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        found: list[Any] = []
        for member in typing.get_args(annotation):
            found.extend(_members(member))
        return found
    if annotation is Unset:
        return []
    return [annotation]


def to_python(text: str, annotation: Any, where: str) -> Any:
    """``text`` as the Python argument a resource method takes (an enum member, a ``date``, ...)."""
    return _convert(text, shape_of(annotation), where, python=True)


def to_json(text: str, annotation: Any, where: str) -> Any:
    """``text`` as the JSON value a model's ``from_dict`` reads (an enum's value, an ISO date string)."""
    return _convert(text, shape_of(annotation), where, python=False)


def _convert(text: str, shape: Shape, where: str, *, python: bool) -> Any:
    if shape.items is not None and not shape.scalars and not shape.enums:
        if text.lstrip().startswith("["):
            return _json(text, where)
        parts = [part.strip() for part in text.split(",")] if text.strip() else []
        item_shape = shape_of(shape.items)
        return [
            _convert(part, item_shape, f"{where}[{index}]", python=python) for index, part in enumerate(parts)
        ]
    for enum_class in shape.enums:
        for member in enum_class:
            if str(member.value) == text:
                return member if python else member.value
    if shape.enums and str not in shape.scalars:
        raise BadValue(where, text, shape.describe())
    if bool in shape.scalars:
        folded = text.strip().lower()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    if int in shape.scalars:
        try:
            return int(text.strip())
        except ValueError:
            pass
    if float in shape.scalars:
        try:
            number = float(text.strip())
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    if datetime.datetime in shape.scalars:
        try:
            moment = datetime.datetime.fromisoformat(text.strip())
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:  # the API would read it in some server zone: refuse, as the client does
                raise BadValue(where, text, "a date-time with its UTC offset (add Z or +02:00)")
            return moment if python else text.strip()
    if datetime.date in shape.scalars:
        try:
            day = datetime.date.fromisoformat(text.strip())
        except ValueError:
            pass
        else:
            return day if python else day.isoformat()
    if str in shape.scalars:
        return text
    if shape.structured or shape.models or shape.items is not None:
        return _json(text, where)
    raise BadValue(where, text, shape.describe())


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BadValue(where, text, f"valid JSON ({exc})") from None
