"""Every deepObject query parameter of every operation takes only what its schema declares.

A plain dict passed as ``filter=`` used to go out key for key: ``{"start_date_time_from": ...}`` became
``filter[start_date_time_from]``, which the API ignores, so a filtered export silently came back
unfiltered, through the resource layer and the module functions alike (only ``ampeco.paginate``
checked). A string passed for an array (``include="evses"``) went out as ``include=evses``. Here every
deepObject parameter of the spec is driven through its module's request builder, which ``sync``,
``asyncio``, the resource methods and the pagers all use, and then through the resource layer on a
loopback server.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import enum
import importlib
import inspect
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest

import ampeco
import ampeco_public_api.models as models
from ampeco import InvalidParameterError
from ampeco._filters import _fields
from ampeco_public_api.models import CdrFilter, SessionFilter
from tests.support.endpoints import endpoint_modules, path_arguments
from tests.support.recorder import Recorder

AWARE = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class DeepObjectParameter:
    module: str
    wire_name: str  # filter, include
    python_name: str  # filter_, include
    schema: str  # "list" or the model's class name

    def __str__(self) -> str:
        return f"{self.module.rsplit('.', 1)[-1]}:{self.wire_name}"


def _deep_object_parameters() -> list[DeepObjectParameter]:
    """Read from each module's source: the ``deep_object_query(_OPERATION, name, value, schema)`` calls."""
    found = []
    for module_name in sorted(endpoint_modules().values()):
        tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "deep_object_query":
                wire, python, schema = node.args[1], node.args[2], node.args[3]
                assert isinstance(wire, ast.Constant) and isinstance(python, ast.Name)
                assert isinstance(schema, ast.Name), f"{module_name}: deep_object_query without a schema"
                found.append(DeepObjectParameter(module_name, wire.value, python.id, schema.id))
    return found


PARAMETERS = _deep_object_parameters()
MODEL_PARAMETERS = [p for p in PARAMETERS if p.schema != "list"]
LIST_PARAMETERS = [p for p in PARAMETERS if p.schema == "list"]


class _AnyBody:
    """Stands in for a required request body: these tests are about the query string."""

    def to_dict(self) -> dict[str, Any]:
        return {}


def _build(parameter: DeepObjectParameter, value: Any) -> list[tuple[str, str]]:
    module = importlib.import_module(parameter.module)
    required = path_arguments(module, but=parameter.python_name)
    passthrough: Any = contextlib.nullcontext()
    if "body" in required:
        required["body"] = _AnyBody()
        passthrough = mock.patch.object(module, "request_body", lambda _operation, body, _annotation: body)
    with passthrough:
        built = module._get_kwargs(**required, **{parameter.python_name: value})
    return [pair for pair in built["params"] if pair[0].startswith(parameter.wire_name)]


def _model(parameter: DeepObjectParameter) -> type:
    return getattr(importlib.import_module(parameter.module), parameter.schema)  # type: ignore[no-any-return]


def test_the_spec_has_deep_object_parameters() -> None:
    assert len(MODEL_PARAMETERS) >= 60 and len(LIST_PARAMETERS) >= 30
    assert {p.wire_name for p in PARAMETERS} == {"filter", "include"}


@pytest.mark.parametrize("parameter", MODEL_PARAMETERS, ids=str)
def test_a_dict_is_checked_against_the_model(parameter: DeepObjectParameter) -> None:
    model = _model(parameter)
    with pytest.raises(InvalidParameterError, match="unknown filter key") as refused:
        _build(parameter, {"no_such_key": 1})
    assert refused.value.operation and "accepted keys" in str(refused.value)
    # A key in Python spelling goes out under its wire name, exactly as the typed model sends it.
    python, value = _scalar_field(model)
    typed = model(**{python: value})
    assert _build(parameter, {python: value}) == _build(parameter, typed) != []


@pytest.mark.parametrize("parameter", MODEL_PARAMETERS, ids=str)
def test_anything_but_the_model_or_a_dict_is_refused(parameter: DeepObjectParameter) -> None:
    for wrong in ("startedAfter=2024-01-01", 5, ["a"]):
        with pytest.raises(InvalidParameterError, match=f"query parameter '{parameter.wire_name}' takes a"):
            _build(parameter, wrong)
    # The model with a key its class does not know (from_dict keeps unknown keys) is refused too.
    model = _model(parameter)
    stray = model.from_dict({"no_such_key": "1"})
    with pytest.raises(InvalidParameterError, match="unknown filter key"):
        _build(parameter, stray)


@pytest.mark.parametrize("parameter", LIST_PARAMETERS, ids=str)
def test_an_array_parameter_takes_a_list_only(parameter: DeepObjectParameter) -> None:
    for wrong in ("tariffSnapshot", {"a": "b"}, 3):
        with pytest.raises(InvalidParameterError, match=f"'{parameter.wire_name}' is an array"):
            _build(parameter, wrong)
    assert _build(parameter, ["a", "b"]) == [
        (f"{parameter.wire_name}[]", "a"),
        (f"{parameter.wire_name}[]", "b"),
    ]


_SAMPLES = {"str": "x", "int": 3, "float": 1.5, "bool": True, "datetime.datetime": AWARE}


def _scalar_field(model: type) -> tuple[str, Any]:
    """A field of a scalar type (every filter model has one) and a value of that type."""
    for python in sorted(_fields(model).python_of.values()):
        kind = str(model.__annotations__[python]).split(" | ")[0]  # "int | Unset" -> "int"
        if kind in _SAMPLES:
            return python, _SAMPLES[kind]
        named = getattr(models, kind, None)
        if isinstance(named, type) and issubclass(named, enum.Enum):
            return python, next(iter(named))
    raise AssertionError(f"{model.__name__} has no scalar field")


# -- through the resource layer, on the wire ------------------------------------------------------------


def test_resource_listing_sends_a_dict_filter_under_its_wire_names(
    client: ampeco.Client, recorder: Recorder
) -> None:
    recorder.reply = {"data": [], "links": {}, "meta": {}}
    list(client.cdrs.list(filter={"start_date_time_from": AWARE, "isLocal": True}))
    pairs = sorted(p.split("=", 1) for p in recorder.last.query.split("&") if p.startswith("filter"))
    assert pairs == [["filter[isLocal]", "true"], ["filter[startDateTimeFrom]", "2024-05-01T12:00:00+00:00"]]


def test_resource_listing_refuses_a_bad_filter_before_sending(
    client: ampeco.Client, recorder: Recorder
) -> None:
    sent = len(recorder.requests)
    for bad in ({"start_date_time_fro": AWARE}, SessionFilter(started_after=AWARE), "isLocal=true"):
        with pytest.raises(InvalidParameterError) as refused:
            list(client.cdrs.list(filter=bad))  # type: ignore[arg-type]
        assert refused.value.operation == "cdrs_listing"
    with pytest.raises(InvalidParameterError, match="'include' is an array"):
        client.cdrs.read(1, include="tariffSnapshot")  # type: ignore[arg-type]
    assert len(recorder.requests) == sent


async def test_async_resource_listing_refuses_a_bad_filter_before_sending(
    base_url: str, recorder: Recorder
) -> None:
    sent = len(recorder.requests)
    async with ampeco.AsyncClient(base_url, token="test-token", max_retries=0) as aclient:
        with pytest.raises(InvalidParameterError, match="unknown filter key"):
            async for _ in aclient.cdrs.list(filter={"start_date_time_fro": AWARE}):  # type: ignore[arg-type]
                pass
        recorder.reply = {"data": [], "links": {}, "meta": {}}
        async for _ in aclient.cdrs.list(filter={"operator_id": 5}):  # type: ignore[arg-type]
            pass
    assert len(recorder.requests) == sent + 1
    assert "filter[operatorId]=5" in recorder.last.query


def test_the_typed_filter_model_is_sent_as_is(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.reply = {"data": [], "links": {}, "meta": {}}
    list(client.cdrs.list(filter=CdrFilter(operator_id=5)))
    assert "filter[operatorId]=5" in recorder.last.query
