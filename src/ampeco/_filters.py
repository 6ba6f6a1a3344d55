"""A plain-dict filter (or any deepObject object parameter), checked against its model and turned into it.

``filter={"start_date_time_from": ...}`` used to go out as ``filter[start_date_time_from]``, which the API
ignores: the export came back unfiltered and nobody noticed. Here every key must name a field of the
filter model, in Python (``started_after``) or wire (``startedAfter``) spelling; anything else raises
:class:`~ampeco.InvalidParameterError` (a ``ValueError``) listing the accepted keys. Values go through
the model's own parser, so a wrong type is refused too. The generated request builders call this
through :func:`ampeco._query.deep_object_query`, so the resource methods, the module functions,
``ampeco.paginate`` and the command line's ``--filter`` all check the same way.
"""

from __future__ import annotations

import inspect
import re
import sys
import typing
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import attrs

from ampeco._exceptions import InvalidParameterError
from ampeco._json import json_ready
from ampeco._parsing import ModelParseError, format_path

__all__ = ["filter_model_of", "to_filter_model"]

_PARAMETER = "filter_"


def filter_model_of(function: Callable[..., Any]) -> type | None:
    """The attrs model a listing function takes as ``filter_`` (``None`` without such a parameter)."""
    try:
        signature = inspect.signature(function, eval_str=True)
    except NameError:  # an annotation naming something imported only for type checkers
        signature = inspect.signature(function)
    parameter = signature.parameters.get(_PARAMETER)
    if parameter is None:
        return None
    annotation = parameter.annotation
    for candidate in (*typing.get_args(annotation), annotation):
        if isinstance(candidate, type) and attrs.has(candidate):
            return candidate
    return None


def to_filter_model(model: type, value: Mapping[Any, Any], *, operation: str, name: str = "filter") -> Any:
    """``value`` as an instance of ``model``; unknown keys and ill-typed values raise.

    ``name`` is the query parameter's wire name (``filter``), used in the error messages.
    """
    wire = _to_wire(model, value, [name], operation)
    try:
        return model.from_dict(wire)  # type: ignore[attr-defined]
    except ModelParseError as exc:
        where = format_path(exc.path).replace("$", name, 1)
        raise InvalidParameterError(
            operation, _PARAMETER, value, f"{where}: {exc.reason} (value {exc.value!r})"
        ) from None


class _Fields:
    """The keys one filter model accepts, and the nested models of its fields."""

    def __init__(self, model: type) -> None:
        wire_names: frozenset[str] = getattr(model, "__ampeco_fields__", frozenset())
        by_folded = {_fold(name): name for name in wire_names}
        hints = typing.get_type_hints(model, vars(sys.modules[model.__module__]), _ModelNamespace())
        self.model = model
        self.wire_of: dict[str, str] = {}
        self.python_of: dict[str, str] = {}
        self.nested: dict[str, type] = {}
        for field in attrs.fields(model):
            wire = by_folded.get(_fold(field.name))
            if wire is None:  # additional_properties
                continue
            self.wire_of[field.name] = self.wire_of[wire] = wire
            self.python_of[wire] = field.name
            nested = _model_in(hints.get(field.name))
            if nested is not None:
                self.nested[wire] = nested

    def accepted(self) -> str:
        names = []
        for wire, python in sorted(self.python_of.items(), key=lambda pair: pair[1]):
            names.append(python if python == wire else f"{python} ({wire})")
        return ", ".join(names)


@lru_cache(maxsize=256)
def _fields(model: type) -> _Fields:
    return _Fields(model)


def _to_wire(model: type, value: Mapping[Any, Any], path: list[str], operation: str) -> dict[str, Any]:
    fields = _fields(model)
    out: dict[str, Any] = {}
    for key, item in value.items():
        wire = fields.wire_of.get(key) if isinstance(key, str) else None
        if wire is None and isinstance(key, str) and "." in key:
            # Dot notation into a free-form field (``externalAppData.property1``), as the API documents.
            head, _, rest = key.partition(".")
            if head in fields.wire_of:
                out[f"{fields.wire_of[head]}.{rest}"] = json_ready(item)
                continue
        where = path[0] + "".join(f"[{part}]" for part in path[1:])
        if wire is None:
            raise InvalidParameterError(
                operation,
                _PARAMETER,
                value,
                f"unknown filter key {where}[{key!r}] for {model.__name__}; accepted keys "
                f"(snake_case or the API's camelCase): {fields.accepted()}",
            )
        if wire in out:
            raise InvalidParameterError(
                operation,
                _PARAMETER,
                value,
                f"{where}[{wire}] is given twice ({key!r} and another spelling)",
            )
        nested = fields.nested.get(wire)
        if nested is not None and isinstance(item, Mapping):
            out[wire] = _to_wire(nested, item, [*path, wire], operation)
        else:
            out[wire] = json_ready(item)
    return out


def _model_in(annotation: Any) -> type | None:
    for candidate in (*typing.get_args(annotation), annotation):
        if isinstance(candidate, type) and attrs.has(candidate):
            return candidate
    return None


def _fold(name: str) -> str:
    """``started_after``, ``startedAfter`` and ``type_`` fold to one key (checked unique per model by
    the tests over every filter model)."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


class _ModelNamespace(dict[str, Any]):
    """Resolves the model names a generated model imports only for type checkers."""

    def __missing__(self, name: str) -> Any:
        import ampeco_public_api.models as models

        try:
            return getattr(models, name)
        except AttributeError:
            raise KeyError(name) from None
