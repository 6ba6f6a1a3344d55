"""``--filter key=value`` (repeatable) into the listing's filter model, refused before any request.

Values are converted by the field's type (``--filter startDateTimeFrom=2024-05-01T00:00:00Z``, an
enum's value, ``a,b`` for a list); unknown keys and ill-typed values raise
:class:`~ampeco.InvalidParameterError` naming the accepted keys, through the same check
``ampeco.paginate(filter_={...})`` applies (:func:`ampeco._filters.to_filter_model`). ``a.b=value``
sets a field of a nested filter object, or a dotted key of a free-form one, as the API documents.
"""

from __future__ import annotations

from typing import Any

from ampeco._exceptions import InvalidParameterError
from ampeco._filters import to_filter_model
from ampeco._model_fields import annotation_of, shape_of, wire_key
from ampeco.cli._convert import BadValue, to_json

__all__ = ["build_filter"]


def build_filter(model: type, pairs: list[str], *, operation: str) -> Any:
    """The filter model instance for ``pairs`` (``["isLocal=true", "sent_after=2024-05-01T00:00:00Z"]``)."""
    raw: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidParameterError(operation, "filter", pair, f"--filter takes key=value, got {pair!r}")
        _put(raw, model, key.split("."), text, operation, key)
    return to_filter_model(model, raw, operation=operation)


def _put(
    target: dict[str, Any], model: type | None, parts: list[str], text: str, operation: str, key: str
) -> None:
    head, rest = parts[0], parts[1:]
    wire = wire_key(model, head) if model is not None else None
    annotation = annotation_of(model, wire) if model is not None and wire is not None else None
    nested = shape_of(annotation).models if annotation is not None else ()
    if rest and len(nested) == 1:
        child = target.setdefault(wire or head, {})
        if not isinstance(child, dict):
            raise InvalidParameterError(
                operation, "filter", key, f"--filter {key}: {head} is given a value too"
            )
        _put(child, nested[0], rest, text, operation, key)
        return
    name = ".".join(parts) if rest else (wire or head)
    if name in target:
        raise InvalidParameterError(operation, "filter", key, f"--filter {key} is given twice")
    if annotation is None or rest:  # unknown keys are refused by to_filter_model, naming the accepted ones
        target[name] = text
        return
    try:
        target[name] = to_json(text, annotation, f"--filter {key}")
    except BadValue as exc:
        raise InvalidParameterError(operation, "filter", text, str(exc)) from None
