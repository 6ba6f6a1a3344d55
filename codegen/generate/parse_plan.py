"""How generated ``from_dict`` code reads one property from response JSON (Jinja globals for the templates).

The templates inline the cheap checks (``type(v) is str``) and call the runtime's checking functions
(``ampeco._parsing``) only for a value that fails them, so a wrong value gets the error the runtime has
always given while a right one costs a type comparison. Decided here, per generator property:

- ``parse_plain``: the value is kept as decoded (scalars, ``None``, ``Any`` and unions of those), after
  ``parse_fast_miss`` and, when that holds, ``parse_check_call``;
- ``parse_union_plan``: a union told apart by the value's JSON type, so an error inside the chosen
  variant (a field of a nullable object, an item of a nullable list) is reported where it is. A union
  whose variants share a JSON type (``datetime | str``, two enums) has no plan and keeps trying its
  variants in order, as the generator's own template does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The exact Python types json.loads gives a value of each plain property class (a bool is no int).
_PLAIN_TESTS = {
    "StringProperty": "type({v}) is str",
    "IntProperty": "type({v}) is int",
    "FloatProperty": "type({v}) is float or type({v}) is int",
    "BooleanProperty": "type({v}) is bool",
    "NoneProperty": "{v} is None",
}
# Their negations, so a generated check reads ``if type(v) is not str:``.
_PLAIN_MISSES = {
    "StringProperty": "type({v}) is not str",
    "IntProperty": "type({v}) is not int",
    "FloatProperty": "type({v}) is not float and type({v}) is not int",
    "BooleanProperty": "type({v}) is not bool",
    "NoneProperty": "{v} is not None",
}
_PLAIN = {*_PLAIN_TESTS, "AnyProperty"}
# The JSON type each built (non-plain) variant is made from, and the test that selects it.
_BUILT_FROM = {
    "ModelProperty": "object",
    "ListProperty": "array",
    "DateProperty": "string",
    "DateTimeProperty": "string",
    "UuidProperty": "string",
}
_KIND_TESTS = {
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, list)",
    "string": "isinstance({v}, str)",
    "integer": "isinstance({v}, int) and not isinstance({v}, bool)",
}
# JSON types of built variants that a plain variant would accept as well (then the union is ambiguous).
_PLAIN_OVERLAP = {
    "StringProperty": {"string"},
    "IntProperty": {"integer"},
    "FloatProperty": {"integer"},
    "AnyProperty": {"object", "array", "string", "integer"},
}
# Built from a value by one call, so the value may be given as an expression.
_SINGLE_USE = {"ModelProperty", "DateProperty", "DateTimeProperty", "UuidProperty"}


def _class(prop: Any) -> str:
    return str(prop.__class__.__name__)


def _built_kind(prop: Any) -> str | None:
    """The JSON type a built variant is made from; ``None`` for kinds a plan does not dispatch."""
    name = _class(prop)
    if name == "EnumProperty":
        return "string" if prop.value_type is str else "integer"
    return _BUILT_FROM.get(name)


def _plain_classes(prop: Any) -> list[str]:
    if _class(prop) == "UnionProperty":
        return [_class(inner) for inner in prop.inner_properties if _class(inner) in _PLAIN]
    return [_class(prop)] if _class(prop) in _PLAIN else []


def plain(prop: Any) -> bool:
    """True when the parsed value is the decoded JSON value itself, once its type is checked."""
    if _class(prop) == "UnionProperty":
        return all(_class(inner) in _PLAIN for inner in prop.inner_properties)
    return _class(prop) in _PLAIN


def single_use(prop: Any) -> bool:
    return _class(prop) in _SINGLE_USE


def fast_miss(prop: Any, var: str) -> str:
    """An expression true when ``var`` is not of a JSON type ``prop`` surely accepts (then the runtime
    check decides); ``""`` when every type is accepted."""
    classes = _plain_classes(prop)
    if "AnyProperty" in classes:
        return ""
    return " and ".join(_PLAIN_MISSES[name].format(v=var) for name in classes)


def check_call(prop: Any, var: str) -> str:
    """The runtime check for a plain value that failed its fast test: raises as the runtime always has."""
    classes = _plain_classes(prop)
    if _class(prop) == "UnionProperty":
        kinds = "".join(f'"{name}", ' for name in classes)
        return f"check_json_union({var}, ({kinds}))"
    return f'check_json_type({var}, "{classes[0]}")'


@dataclass
class Branch:
    """``if test: <read variant>``; several models under one test are picked by ``choose_model``."""

    test: str
    variants: list[Any]


@dataclass
class UnionPlan:
    none: bool  # ``None`` is a variant: tested first, as the generator's template does
    branches: list[Branch]
    plain_test: str  # the fast test of the other plain variants ("" when there are none)
    check_call: str  # what a value no test took gets: the runtime check ...
    error: str  # ... or, when no variant is plain, this TypeError


def union_plan(prop: Any, var: str) -> UnionPlan | None:
    """The dispatch of a union on the JSON type of ``var``, or ``None`` when two variants share one."""
    plain_classes = _plain_classes(prop)
    by_kind: dict[str, list[Any]] = {}
    for inner in prop.inner_properties:
        if _class(inner) in _PLAIN:
            continue
        kind = _built_kind(inner)
        if kind is None:
            return None
        by_kind.setdefault(kind, []).append(inner)
    for kind, variants in by_kind.items():
        if len(variants) > 1 and not (
            kind == "object" and all(_class(v) == "ModelProperty" for v in variants)
        ):
            return None
        if any(kind in _PLAIN_OVERLAP.get(name, set()) for name in plain_classes):
            return None
    branches = [Branch(_KIND_TESTS[kind].format(v=var), variants) for kind, variants in by_kind.items()]
    others = [name for name in plain_classes if name != "NoneProperty"]
    kinds = " or ".join("an object" if kind == "object" else kind for kind in by_kind)
    return UnionPlan(
        none="NoneProperty" in plain_classes,
        branches=branches,
        plain_test=" or ".join(_PLAIN_TESTS[name].format(v=var) for name in others),
        check_call=check_call(prop, var) if plain_classes else "",
        error=f'raise TypeError(f"expected {kinds}, got {{type({var}).__name__}}")',
    )


def lazy_names(lazy_imports: Any) -> list[str]:
    """Names bound by the model's deferred imports (``from ..models.x import X`` -> ``X``)."""
    return sorted(line.rsplit(" import ", 1)[-1].rsplit(" as ", 1)[-1].strip() for line in lazy_imports)


JINJA_GLOBALS = {
    "parse_plain": plain,
    "parse_single_use": single_use,
    "parse_fast_miss": fast_miss,
    "parse_check_call": check_call,
    "parse_union_plan": union_plan,
    "parse_lazy_names": lazy_names,
}
