"""The fields of a generated model at run time: wire name, spelling, resolved annotation, and the
:class:`Shape` of an annotation (which enums, scalars, lists and models it accepts).

Key lookup (snake_case or the API's camelCase) is :mod:`ampeco._filters`'s, so ``--filter``, ``--set``,
``ampeco.paginate(filter_={...})`` and a dict request body accept and refuse exactly the same keys.
"""

from __future__ import annotations

import datetime
import enum
import sys
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import attrs

from ampeco._filters import _fields, _ModelNamespace
from ampeco._types import Unset

__all__ = ["Shape", "accepted_keys", "annotation_of", "declared", "field_order", "shape_of", "wire_key"]

_SCALARS = (bool, int, float, str, datetime.datetime, datetime.date)


def wire_key(model: type, key: str) -> str | None:
    """The wire name ``key`` spells in ``model`` (``user_id`` and ``userId`` -> ``userId``), or ``None``."""
    return _fields(model).wire_of.get(key)


def accepted_keys(model: type) -> str:
    return _fields(model).accepted() or "(none)"


def declared(model: type) -> bool:
    """Whether the model declares any field (a free-form object declares none)."""
    return bool(_fields(model).python_of)


@lru_cache(maxsize=512)
def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, vars(sys.modules[model.__module__]), _ModelNamespace())


def annotation_of(model: type, wire: str) -> Any:
    """The resolved annotation of the field ``wire`` names."""
    python = _fields(model).python_of[wire]
    return _hints(model)[python]


def field_order(model: type) -> list[tuple[str, Any]]:
    """``(wire name, annotation)`` of every declared field, in the model's declaration order."""
    python_of = _fields(model).python_of
    wire_of_python = {python: wire for wire, python in python_of.items()}
    hints = _hints(model)
    return [
        (wire_of_python[field.name], hints[field.name])
        for field in attrs.fields(model)
        if field.name in wire_of_python
    ]


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
