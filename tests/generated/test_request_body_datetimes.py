"""A naive datetime in a request body is refused before sending, as it is in a query string.

For every operation whose JSON body has a date-time field: a full, schema-valid body is built from the
spec, one of its datetimes is made naive, and the call must raise ``InvalidParameterError`` naming the
operation and that field, with nothing sent. A timezone-aware datetime goes out with its offset.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import inspect
import re
import typing
from enum import Enum
from typing import Any

import attrs
import pytest

import ampeco
from ampeco import InvalidParameterError
from ampeco._query import _datetimes
from ampeco.mock import load_mock_spec
from ampeco.mock._synth import Synthesizer
from tests.support.endpoints import endpoint_modules
from tests.support.recorder import Recorder

SPEC = load_mock_spec()
NAIVE = datetime.datetime(2024, 5, 1, 10, 30)
AWARE = datetime.datetime(2024, 5, 1, 10, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))


def _body(module: Any, document: Any) -> Any:
    """The body model ``document`` reads as (the first of a union's models that takes it)."""
    hint = typing.get_type_hints(module._get_kwargs).get("body")
    for candidate in typing.get_args(hint) or (hint,):
        if isinstance(candidate, type) and attrs.has(candidate):
            try:
                return candidate.from_dict(document)
            except ValueError:
                continue
    return None


def _cases() -> list[tuple[str, str, Any, str]]:
    modules = endpoint_modules()
    found = []
    for operation in SPEC.index:
        schema = operation.body_schema
        if schema is None:
            continue
        module_name = modules[operation.operation_id.replace("_", "").lower()]
        synth = Synthesizer(SPEC.schemas, 3, full=True)
        body = _body(
            importlib.import_module(module_name), synth.value(schema, synth.rng(operation.operation_id))
        )
        places = [path for path, _ in _datetimes(body, "body")]
        if places:
            found.append((operation.operation_id, module_name, body, places[-1]))
    return found


CASES = _cases()


def _set(body: Any, path: str, value: object) -> None:
    """Put ``value`` at ``path`` (as ``check_request_body`` names it: ``body.a.b[0].c``)."""
    *parents, last = [
        int(index) if index else name for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[4:])
    ]
    target = body
    for part in parents:
        target = _child(target, part)
    if isinstance(target, list):
        target[last] = value
    elif attrs.has(type(target)) and hasattr(target, str(last)):
        setattr(target, str(last), value)
    else:
        _mapping(target)[last] = value


def _mapping(target: Any) -> Any:
    return target.additional_properties if attrs.has(type(target)) else target


def _child(target: Any, part: str | int) -> Any:
    if isinstance(target, list):
        return target[int(part)]
    if attrs.has(type(target)) and hasattr(target, str(part)):
        return getattr(target, str(part))
    return _mapping(target)[part]


def _arguments(function: Any) -> dict[str, Any]:
    """Values for the required parameters other than ``client`` and ``body``, by annotation."""
    hints = typing.get_type_hints(function)
    found: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in ("client", "body") or parameter.default is not inspect.Parameter.empty:
            continue
        kind = hints[name]
        if isinstance(kind, type) and issubclass(kind, Enum):
            found[name] = next(iter(kind))
        elif kind is str:
            found[name] = "x"
        else:
            found[name] = 1
    return found


def test_there_are_bodies_with_datetimes() -> None:
    assert len(CASES) > 20


@pytest.mark.parametrize(
    ("operation_id", "module_name", "body", "place"), CASES, ids=[case[0] for case in CASES]
)
def test_a_naive_datetime_in_a_body_is_refused_before_sending(
    client: ampeco.Client,
    recorder: Recorder,
    operation_id: str,
    module_name: str,
    body: Any,
    place: str,
) -> None:
    module = importlib.import_module(module_name)
    arguments = _arguments(module.sync_detailed)
    _set(body, place, NAIVE)
    sent = len(recorder.requests)
    with pytest.raises(InvalidParameterError) as caught:
        module.sync_detailed(**arguments, body=body, client=client)
    error = caught.value
    assert error.parameter == place
    assert error.value == NAIVE
    assert operation_id.replace("_", "").lower() == error.operation.replace("_", "").lower()
    assert "naive datetime" in str(error) and place in str(error)
    assert len(recorder.requests) == sent  # nothing went out

    _set(body, place, AWARE)
    with contextlib.suppress(ampeco.AmpecoError):  # the canned answer need not fit; what was sent counts
        module.sync_detailed(**arguments, body=body, client=client)
    assert len(recorder.requests) == sent + 1
    assert "2024-05-01T10:30:00+02:00" in recorder.last.body.decode()
