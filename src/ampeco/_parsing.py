"""Checks generated ``from_dict`` methods run on response JSON, and the error that locates a failure.

A JSON value of the wrong type raises :class:`ModelParseError` with the path to it; the endpoint turns
that into :class:`~ampeco.ResponseValidationError` with the operation and the raw response attached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ampeco._exceptions import ResponseValidationError
from ampeco._logs import redact
from ampeco._pickling import PicklableError
from ampeco._types import Unset

if TYPE_CHECKING:
    import httpx

__all__ = [
    "MISSING",
    "ModelParseError",
    "check_json_type",
    "check_json_union",
    "choose_model",
    "format_path",
    "parse_failure",
]

T = TypeVar("T")

MISSING: Any = object()
"""Stands for a required key that was absent (distinct from a present ``null``)."""


class ModelParseError(PicklableError, ValueError):
    """A JSON value does not fit the model it should parse into; ``path`` locates it.

    Raised inside ``from_dict`` and turned into :class:`ResponseValidationError` at the endpoint,
    where the operation and the raw response are known. A ``ValueError`` so that union parsing
    still moves on to the next variant.
    """

    def __init__(self, path: list[str | int], value: Any, reason: str) -> None:
        self.path = path
        self.value = value
        self.reason = reason
        super().__init__(redact(f"{format_path(path)}: {reason}"))

    @classmethod
    def wrap(cls, exc: BaseException, key: str | int, value: Any, model: str) -> ModelParseError:
        """Prefix ``key`` to the path of ``exc`` (or start one), keeping the innermost value."""
        if isinstance(exc, ModelParseError):
            return cls([key, *exc.path], exc.value, exc.reason)
        if value is MISSING:
            return cls([key], None, f"required field missing in {model}")
        return cls([key], value, f"invalid value for {model}.{key}: {type(exc).__name__}: {exc}")


def format_path(path: list[str | int]) -> str:
    """``['data', 3, 'status']`` -> ``$.data[3].status``."""
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def parse_failure(operation: str, exc: BaseException, response: httpx.Response) -> ResponseValidationError:
    """Turn whatever a model raised while parsing into one clear error."""
    if isinstance(exc, ModelParseError):
        return ResponseValidationError(operation, format_path(exc.path), exc.value, exc.reason, response)
    return ResponseValidationError(operation, "$", None, f"{type(exc).__name__}: {exc}", response)


def choose_model(data: Mapping[str, Any], candidates: tuple[type[T], ...]) -> type[T]:
    """The union variant a JSON object is, judged by its keys and constant-valued fields.

    A variant qualifies when the object has all its required keys, its single-valued enum fields
    (discriminators in all but name) hold their value, and, for a closed model, no foreign keys.
    A variant that has required or constant fields must also share at least one key with the
    object; a variant with neither ("open bag") accepts any object, as the spec itself does.
    Among qualifying variants the one naming most of the object's keys wins; ties keep the spec's
    order. An object no variant accepts (say a new ``type`` value) is an error, never silently
    the first variant.
    """
    keys = set(data)
    best: tuple[int, int] | None = None
    chosen: type[T] | None = None
    for index, candidate in enumerate(candidates):
        fields: frozenset[str] = getattr(candidate, "__ampeco_fields__", frozenset())
        required: frozenset[str] = getattr(candidate, "__ampeco_required__", frozenset())
        constants: Mapping[str, tuple[Any, ...]] = getattr(candidate, "__ampeco_constants__", {})
        closed: bool = getattr(candidate, "__ampeco_closed__", False)
        if not required <= keys:
            continue
        if any(name in data and data[name] not in allowed for name, allowed in constants.items()):
            continue
        if closed and not keys <= fields:
            continue
        if keys and not keys & fields and (required or constants):
            continue  # shares no key with a variant that has an identity of its own
        score = (len(keys & fields) + 2 * len(constants.keys() & keys), -index)
        if best is None or score > best:
            best, chosen = score, candidate
    if chosen is None:
        names = ", ".join(candidate.__name__ for candidate in candidates)
        raise ModelParseError([], dict(data), f"the object matches none of the variants {names}")
    return chosen


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "StringProperty": (str,),
    "IntProperty": (int,),
    "FloatProperty": (int, float),
    "BooleanProperty": (bool,),
    "NoneProperty": (type(None),),
}


def check_json_type(value: T, kind: str) -> T:
    """A scalar from a response, refused when it is not the JSON type the spec declares.

    ``kind`` is the generator's property class; kinds not listed (Any, ...) accept everything.
    """
    allowed = _JSON_TYPES.get(kind)
    if allowed is None or isinstance(value, Unset):
        return value
    if isinstance(value, bool) and bool not in allowed:
        raise TypeError(f"expected {allowed[-1].__name__}, got bool")
    if not isinstance(value, allowed):
        raise TypeError(f"expected {allowed[-1].__name__}, got {type(value).__name__}")
    return value


def check_json_union(value: T, kinds: tuple[str, ...]) -> T:
    """A value for a union of scalars (``int | None``, ``str | bool``): it must be one of them."""
    if isinstance(value, Unset) or value is None or any(kind not in _JSON_TYPES for kind in kinds):
        return value
    for kind in kinds:
        try:
            return check_json_type(value, kind)
        except TypeError:
            continue
    expected = " or ".join(_JSON_TYPES[kind][-1].__name__ for kind in kinds)
    raise TypeError(f"expected {expected}, got {type(value).__name__}")
