"""Command-line text to values, directed by the generated type annotations.

Everything on a command line is text; what it becomes depends on the parameter or field it is for:
``12`` for an ``int`` id, ``true`` for a ``bool``, ``2024-05-01`` for a ``datetime.date``, one of the enum's
values for an enum (anything else is refused with the accepted values), ``a,b`` for a list. The same
rules serve path and query parameters (Python values for the resource method), and filter and body
fields (JSON values for the models' own parsers, which check them again).
"""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

from ampeco._model_fields import Shape, shape_of

__all__ = ["BadValue", "to_json", "to_python"]

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


class BadValue(ValueError):
    """A text that does not fit its parameter or field; the message says what was expected."""

    def __init__(self, where: str, text: str, expected: str) -> None:
        super().__init__(f"{where}: {text!r} is not {expected}")
        self.where = where
        self.text = text
        self.expected = expected


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
