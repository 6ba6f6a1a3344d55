"""A request body checked before it is sent: the operation's model, or a plain dict turned into it.

``client.users.update(7, body={"first_name": "Ada"})`` is as short as a body can be, so a dict is
accepted wherever the spec's body is an object; but a dict is only as good as its keys. Keys may be
snake_case or the API's camelCase; an unknown key is refused naming the accepted ones (the API would
drop it silently), and the body model parses the result, so required fields and types are checked too.
A model instance is sent as built (its ``additional_properties`` included: setting one is deliberate).
Anything else, such as a number or ``None`` for a required body, is refused with the expected type
instead of failing deep inside the request builder.

The conversion is :mod:`ampeco._documents`' (shared with the command line's ``--data``/``--set``),
imported only when a dict arrives, so the generated modules that import this one stay cheap to import.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

from ampeco._exceptions import InvalidParameterError
from ampeco._query import check_request_body
from ampeco._types import Unset

__all__ = ["request_body"]


def request_body(operation: str, body: object, annotation: Any) -> Any:
    """``body`` ready for the request builder: checked, and converted when it is a dict (or list).

    ``annotation`` is the body's declared type without ``Unset`` (a model, a union of models or
    ``list[Model]``). Raises :class:`~ampeco.InvalidParameterError` naming the operation and field.
    """
    if isinstance(body, Unset):
        return body
    if not _conforms(body, annotation):
        if not isinstance(body, Mapping | list):
            expected = _describe(annotation)
            raise InvalidParameterError(
                operation,
                "body",
                body,
                f"body must be {expected} or a dict of its fields, got {type(body).__name__}",
            )
        from ampeco._documents import DocumentMismatch, model_from_document  # dicts only: keeps imports cheap

        try:
            body = model_from_document(body, annotation)
        except DocumentMismatch as exc:
            raise InvalidParameterError(operation, "body", body, str(exc)) from None
    check_request_body(operation, body)
    return body


def _conforms(value: object, annotation: Any) -> bool:
    """Whether ``value`` already is what ``annotation`` declares (models are not looked into)."""
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return isinstance(value, list) and all(_conforms(element, item) for element in value)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, member) for member in typing.get_args(annotation))
    return True  # Any and the like: nothing to check here


def _describe(annotation: Any) -> str:
    from ampeco._model_fields import shape_of  # error path only

    shape = shape_of(annotation)
    if shape.items is not None:
        return f"a list of {_describe(shape.items)}"
    names = [model.__name__ for model in shape.models]
    return " or ".join(names) if names else shape.describe()
