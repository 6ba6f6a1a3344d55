"""Every generated model refuses a value of the wrong JSON type, and says exactly where it is.

A schema-valid instance of every model (and of every operation's JSON answer) is synthesized from the
normalized spec with every property filled (``Synthesizer(full=True)``); hypothesis then puts one value
of a JSON type the schema does not allow at any one place of it: a scalar field, an array or one of its
items, a map value, a nested or nullable object or a field inside one. Parsing must fail with the path
of exactly that place: ``ResponseValidationError.path`` through the endpoint's own ``_parse_response``
for answers, ``ModelParseError.path`` from ``from_dict`` for every model (request bodies, filters and
webhook payloads included). The unmutated instance must parse and give back the same JSON.

The schema is the oracle (not the generated code): which JSON types a place accepts is read from its
schema (``type``, ``nullable``, ``enum``, ``oneOf``/``anyOf``). Places whose type the schema leaves open
are never mutated, nor is a union variant's constant field (it picks the variant, so the error is the
object's). ``AMPECO_MUTATION_EXAMPLES`` (default 3) sets the examples per model and per answer.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_python_client.parser.properties.schemas import ClassName

import ampeco_public_api.models
from ampeco import ResponseValidationError
from ampeco._parsing import ModelParseError, format_path
from ampeco.mock import load_mock_spec
from ampeco.mock._resources import SUCCESS
from ampeco.mock._synth import Synthesizer
from tests.support.endpoints import endpoint_modules

EXAMPLES = int(os.environ.get("AMPECO_MUTATION_EXAMPLES", "3"))
SEEDS = 4  # distinct base instances per schema (union variants and array lengths differ)
SPEC = load_mock_spec()
COMPONENTS: dict[str, Any] = SPEC.document["components"]["schemas"]
ANY = frozenset({"string", "integer", "number", "boolean", "null", "array", "object"})
WRONG_VALUES: dict[str, Any] = {
    "string": "not-of-this-type",
    "integer": 7,
    "number": 1.5,
    "boolean": True,
    "null": None,
    "array": [1],
    "object": {"k": 1},
}
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=(Phase.generate,),
    suppress_health_check=list(HealthCheck),
)
Path = tuple[str | int, ...]


# -- the oracle: what JSON types a place accepts, read from its schema --------------------------------


def _synth(seed: int) -> Synthesizer:
    return Synthesizer(SPEC.schemas, seed, full=True)


FLAT = _synth(0)  # flatten() is deterministic: one instance serves every lookup


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}[type(value)]


def _branches(flat: Mapping[str, Any]) -> list[Any] | None:
    for key in ("oneOf", "anyOf"):
        if isinstance(flat.get(key), list) and flat[key]:
            rest = {k: v for k, v in flat.items() if k != key}
            return [{**rest, "allOf": [branch]} if rest else branch for branch in flat[key]]
    return None


def accepted(schema: Any) -> frozenset[str]:
    """The JSON types a value of ``schema`` may have (``ANY`` when the schema leaves it open)."""
    flat = FLAT.flatten(schema)
    branches = _branches(flat)
    if branches is not None:
        found: set[str] = set()
        for branch in branches:
            found |= accepted(branch)
        return frozenset(found | ({"null"} if flat.get("nullable") else set()))
    kinds: set[str]
    if isinstance(flat.get("enum"), list) and flat["enum"]:
        kinds = {_json_type(value) for value in flat["enum"]}
    else:
        kind = FLAT._kind(flat)
        if kind is None:
            return ANY
        kinds = {"integer", "number"} if kind == "number" else {kind}
    if flat.get("nullable"):
        kinds.add("null")
    return frozenset(kinds)


def _branch_for(value: Any, schema: Any) -> Any | None:
    """The one union variant ``value`` is an instance of, or ``None`` when it is not one exactly."""
    branches = _branches(FLAT.flatten(schema))
    if branches is None:
        return schema
    fitting = [
        b for b in branches if _json_type(value) in accepted(b) and SPEC.schemas.is_valid_fresh(value, b)
    ]
    return fitting[0] if len(fitting) == 1 else None


def places(
    value: Any, schema: Any, path: Path = (), in_union: bool = False
) -> Iterator[tuple[Path, frozenset[str]]]:
    """Every place below ``value`` (not ``value`` itself) with the JSON types its schema accepts."""
    branches = _branches(FLAT.flatten(schema))
    if branches is not None:
        several = sum(1 for b in branches if "object" in accepted(b)) > 1
        chosen = _branch_for(value, schema)
        if chosen is not None:
            yield from places(value, chosen, path, in_union=several)
        return
    flat = FLAT.flatten(schema)
    if isinstance(value, dict):
        properties = flat.get("properties") if isinstance(flat.get("properties"), Mapping) else {}
        extra = flat.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                sub = properties[key]
                sub_flat = FLAT.flatten(sub)
                if in_union and isinstance(sub_flat.get("enum"), list) and len(sub_flat["enum"]) == 1:
                    continue  # a constant picks the variant: a wrong one is the union's error
            elif isinstance(extra, Mapping) and extra:
                sub = extra
            else:
                continue  # an unknown (or untyped) member: anything goes
            yield (*path, key), accepted(sub)
            yield from places(item, sub, (*path, key))
    elif isinstance(value, list):
        items = flat.get("items", {})
        for index, item in enumerate(value):
            yield (*path, index), accepted(items)
            yield from places(item, items, (*path, index))


def mutated(document: Any, path: Path, wrong: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = wrong
    return copy


def _mutation(data: st.DataObject, instance: Any, schema: Any) -> tuple[Path, Any] | None:
    candidates = [(path, kinds) for path, kinds in places(instance, schema) if kinds != ANY]
    if not candidates:
        return None
    path, kinds = data.draw(st.sampled_from(candidates), label="place")
    wrong = data.draw(st.sampled_from(sorted(ANY - kinds)), label="wrong JSON type")
    return path, WRONG_VALUES[wrong]


def _normalize(value: Any) -> Any:
    """JSON with date-times compared as instants (``Z`` and ``+00:00`` spell the same moment)."""
    if isinstance(value, dict):
        return {k: _normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        for parse in (datetime.fromisoformat, date.fromisoformat):
            try:
                return parse(value.replace("Z", "+00:00"))
            except ValueError:
                continue
    return value


def _to_json(parsed: Any) -> Any:
    if isinstance(parsed, list):
        return [_to_json(item) for item in parsed]
    return parsed.to_dict() if hasattr(parsed, "to_dict") else parsed


# -- every model ----------------------------------------------------------------------------------------


def _models() -> list[tuple[str, type]]:
    found = []
    for name in COMPONENTS:
        cls = getattr(ampeco_public_api.models, str(ClassName(name, "field_")), None)
        if isinstance(cls, type) and attrs.has(cls):
            found.append((name, cls))
    return found


MODELS = _models()


@cache
def _instance(schema_name: str, seed: int) -> Any:
    synth = _synth(seed)
    return synth.value(COMPONENTS[schema_name], synth.rng(schema_name))


def test_every_generated_model_is_covered() -> None:
    generated = {
        name
        for name in ampeco_public_api.models.__all__
        if attrs.has(getattr(ampeco_public_api.models, name))
    }
    assert {cls.__name__ for _, cls in MODELS} == generated


@pytest.mark.parametrize(("schema_name", "model"), MODELS, ids=[name for name, _ in MODELS])
def test_a_model_refuses_a_wrong_type_at_exactly_its_place(schema_name: str, model: Any) -> None:
    schema = COMPONENTS[schema_name]

    @SETTINGS
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        instance = _instance(schema_name, data.draw(st.integers(0, SEEDS - 1), label="seed"))
        assert _normalize(model.from_dict(instance).to_dict()) == _normalize(instance)
        mutation = _mutation(data, instance, schema)
        if mutation is None:
            return
        path, wrong = mutation
        with pytest.raises(ModelParseError) as caught:
            model.from_dict(mutated(instance, path, wrong))
        assert format_path(caught.value.path) == format_path(list(path))

    check()


# -- every operation's JSON answer, through the endpoint's own parse ---------------------------------


def _answers() -> list[tuple[str, str, str, Any]]:
    modules = endpoint_modules()
    found = []
    for operation in SPEC.index:
        for code in SUCCESS:
            media = operation.responses.get(code, {}).get("content", {}).get("application/json")
            if isinstance(media, dict) and isinstance(media.get("schema"), dict):
                module = modules[operation.operation_id.replace("_", "").lower()]
                found.append((operation.operation_id, code, module, media["schema"]))
    return found


ANSWERS = _answers()


@cache
def _answer(operation_id: str, code: str, seed: int) -> Any:
    schema = next(s for o, c, _, s in ANSWERS if o == operation_id and c == code)
    synth = _synth(seed)
    return synth.value(schema, synth.rng(operation_id, code))


@pytest.mark.parametrize(
    ("operation_id", "code", "module_name", "schema"), ANSWERS, ids=[f"{o}-{c}" for o, c, _, _ in ANSWERS]
)
def test_an_answer_with_a_wrong_type_is_refused_at_exactly_its_place(
    operation_id: str, code: str, module_name: str, schema: Any
) -> None:
    module = importlib.import_module(module_name)

    def parse(document: Any) -> Any:
        response = httpx.Response(int(code), content=json.dumps(document).encode())
        return module._parse_response(response=response)

    @SETTINGS
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        answer = _answer(operation_id, code, data.draw(st.integers(0, SEEDS - 1), label="seed"))
        assert _normalize(_to_json(parse(answer))) == _normalize(answer)
        mutation = _mutation(data, answer, schema)
        if mutation is None:
            return
        path, wrong = mutation
        with pytest.raises(ResponseValidationError) as caught:
            parse(mutated(answer, path, wrong))
        assert caught.value.path == format_path(list(path))
        assert caught.value.value == wrong

    check()
