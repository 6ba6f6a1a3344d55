"""A JSON-like document turned into a generated body model, with its keys checked.

Keys may be snake_case or the API's camelCase; an unknown key of a model that declares fields is refused
naming the accepted ones (the API would drop it silently); Python values (enum members, dates, models)
become what JSON has; the model's ``from_dict`` then checks required fields and types. Used for dict
request bodies (:mod:`ampeco._request_body`) and the command line's ``--data``/``--set``, so both accept
and refuse the same documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ampeco._json import json_ready
from ampeco._model_fields import Shape, accepted_keys, annotation_of, declared, shape_of, wire_key
from ampeco._parsing import ModelParseError, choose_model, format_path

__all__ = ["DocumentMismatch", "model_from_document"]


class DocumentMismatch(ValueError):
    """A JSON document that does not fit the body's model; the message names the field."""


def model_from_document(document: Any, annotation: Any) -> Any:
    """The body ``annotation`` describes, from a JSON-like document with snake_case or camelCase keys."""
    shape = shape_of(annotation)
    return _parse(_normalize(json_ready(document), shape, []), shape, [])


def _normalize(value: Any, shape: Shape, path: list[str | int]) -> Any:
    """``value`` with wire keys; unknown keys of declared models refused."""
    if isinstance(value, list) and shape.items is not None:
        item_shape = shape_of(shape.items)
        return [_normalize(item, item_shape, [*path, index]) for index, item in enumerate(value)]
    if not isinstance(value, Mapping) or not shape.models:
        return value
    model = _variant(value, shape.models, path)
    if not declared(model):
        return dict(value)
    normalized: dict[str, Any] = {}
    for key, item in value.items():
        wire = wire_key(model, key) if isinstance(key, str) else None
        if wire is None:
            raise DocumentMismatch(
                f"body {format_path([*path, str(key)])}: unknown field of {model.__name__}; accepted keys "
                f"(snake_case or camelCase): {accepted_keys(model)}"
            )
        if wire in normalized:
            raise DocumentMismatch(f"body {format_path([*path, wire])} is given twice (two spellings)")
        normalized[wire] = _normalize(item, shape_of(annotation_of(model, wire)), [*path, wire])
    return normalized


def _variant(value: Mapping[str, Any], models: tuple[type, ...], path: list[str | int]) -> type:
    if len(models) == 1:
        return models[0]
    wired = {_any_wire_key(models, key): item for key, item in value.items()}
    try:
        return choose_model(wired, models)
    except ModelParseError as exc:
        raise DocumentMismatch(f"body {format_path(path)}: {exc.reason}") from None


def _any_wire_key(models: tuple[type, ...], key: str) -> str:
    for model in models:
        wire = wire_key(model, key)
        if wire is not None:
            return wire
    return key


def _parse(value: Any, shape: Shape, path: list[str | int]) -> Any:
    if isinstance(value, list) and shape.items is not None:
        item_shape = shape_of(shape.items)
        return [_parse(item, item_shape, [*path, index]) for index, item in enumerate(value)]
    if not shape.models:
        return value
    if not isinstance(value, dict):
        names = " or ".join(model.__name__ for model in shape.models)
        raise DocumentMismatch(
            f"body {format_path(path)} must be a JSON object ({names}), got {type(value).__name__}"
        )
    model = _variant(value, shape.models, path)
    try:
        return model.from_dict(value)  # type: ignore[attr-defined]
    except ModelParseError as exc:
        raise DocumentMismatch(f"body {format_path([*path, *exc.path])}: {exc.reason}") from None
