"""A request body from ``--data`` and ``--set``, checked against the body model before anything is sent.

``--data`` gives a whole JSON document (``@file.json``, ``-`` for stdin, or inline JSON); each
``--set key=value`` then sets one field, ``a.b=value`` a nested one. A value after ``=`` is read as the
field's type says (``userId=7`` is the number 7, ``name=7`` the text "7"); ``key:=<json>`` takes JSON as
is (``tags:=["a","b"]``, ``note:=null``). Keys may be snake_case or the API's camelCase. Unknown keys are
refused with the accepted ones, and the body model parses the result (required fields, types) so a
mistake never reaches the API.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from ampeco._documents import DocumentMismatch, model_from_document
from ampeco._model_fields import Shape, accepted_keys, annotation_of, declared, shape_of, wire_key
from ampeco.cli._convert import BadValue, to_json

__all__ = ["BodyError", "build_body", "read_document"]


class BodyError(ValueError):
    """The body given on the command line does not fit the operation's body model."""


def read_document(source: str, stdin: TextIO | None = None) -> Any:
    """The JSON document ``--data`` names: ``@path``, ``-`` (stdin) or the JSON text itself."""
    if source == "-":
        text = (stdin or sys.stdin).read()
        where = "--data - (stdin)"
    elif source.startswith("@"):
        path = source[1:]
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise BodyError(f"--data: cannot read {path!r}: {exc.strerror or exc}") from None
        where = f"--data {source}"
    elif source.lstrip()[:1] in ("{", "["):
        text = source
        where = "--data"
    else:
        raise BodyError("--data takes @FILE (a JSON file), - (JSON on stdin) or a JSON document")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BodyError(f"{where} is not valid JSON: {exc}") from None


def build_body(annotation: Any, document: Any, assignments: list[str]) -> Any:
    """The body argument for the resource method: the model (or list of models) ``annotation`` names."""
    shape = shape_of(annotation)
    for assignment in assignments:
        document = _assign(document, shape, assignment)
    try:
        return model_from_document(document, annotation)
    except DocumentMismatch as exc:
        raise BodyError(str(exc)) from None


def _assign(document: Any, shape: Shape, assignment: str) -> Any:
    key, raw_json, text = _split(assignment)
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise BodyError(f"--set {key}: the body is a JSON {type(document).__name__}, not an object")
    parts = key.split(".")
    target = document
    models = shape.models
    for depth, part in enumerate(parts):
        wire, annotations = _field(models, part, parts[:depth])
        if depth == len(parts) - 1:
            where = f"--set {key}"
            target[wire] = _json(text, where) if raw_json else _typed(text, annotations, where)
            break
        child = target.setdefault(wire, {})
        if not isinstance(child, dict):
            raise BodyError(f"--set {key}: {'.'.join(parts[: depth + 1])} is not an object")
        target = child
        models = tuple(dict.fromkeys(m for annotation in annotations for m in shape_of(annotation).models))
    return document


def _split(assignment: str) -> tuple[str, bool, str]:
    key, sep, text = assignment.partition("=")
    if not sep or not key or key == ":":
        raise BodyError(f"--set takes key=value or key:=<json>, got {assignment!r}")
    if key.endswith(":"):
        return key[:-1], True, text
    return key, False, text


def _field(models: tuple[type, ...], key: str, parents: list[str]) -> tuple[str, list[Any]]:
    """(wire key, annotations) of ``key`` in the object being set: one annotation per union variant
    declaring the field; none for a free-form object, which takes any key."""
    found: dict[str, list[Any]] = {}
    for model in models:
        wire = wire_key(model, key)
        if wire is not None:
            found.setdefault(wire, []).append(annotation_of(model, wire))
    if found:
        wire = next(iter(found))
        return wire, found[wire]
    if models and all(declared(model) for model in models):
        where = ".".join([*parents, key])
        accepted = "; ".join(f"{model.__name__}: {accepted_keys(model)}" for model in models)
        raise BodyError(f"--set {where}: unknown field; accepted keys (snake_case or camelCase): {accepted}")
    return key, []


def _typed(text: str, annotations: list[Any], where: str) -> Any:
    """``text`` as the first variant's type that accepts it (the text itself in a free-form object)."""
    if not annotations:
        return text
    errors = []
    for annotation in annotations:
        try:
            return to_json(text, annotation, where)
        except BadValue as exc:
            errors.append(exc.expected)
    expected = " or ".join(dict.fromkeys(errors))
    raise BodyError(str(BadValue(where, text, expected)))


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BodyError(f"{where}: not valid JSON after := ({exc})") from None
