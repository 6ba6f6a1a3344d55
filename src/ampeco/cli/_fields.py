"""The fields of a generated model at run time: wire name, spelling, resolved annotation.

Key lookup (snake_case or the API's camelCase) is :mod:`ampeco._filters`'s, so ``--filter``, ``--set``
and ``ampeco.paginate(filter_={...})`` accept and refuse exactly the same keys.
"""

from __future__ import annotations

import sys
import typing
from functools import lru_cache
from typing import Any

import attrs

from ampeco._filters import _fields, _ModelNamespace

__all__ = ["accepted_keys", "annotation_of", "declared", "field_order", "wire_key"]


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
