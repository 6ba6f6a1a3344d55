"""Every operation with a JSON body takes a plain dict for it, checked before anything is sent.

For each such operation a spec-valid body is synthesized from the pinned release's request schema and
passed as a dict to the generated request builder (which ``sync``, ``asyncio`` and the resource methods
all use). It must become the body model and go out as JSON the mock's validation accepts (a stateless
tenant: no 422). The same dict with an unknown key, and a value that is not a dict at all, must be
refused with ``InvalidParameterError`` naming the operation, never an ``AttributeError`` from inside
the builder (which is what a dict or a number gave before).
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import httpx
import pytest

from ampeco import InvalidParameterError
from ampeco._model_fields import declared
from ampeco._openapi import OperationRef, iter_operations
from ampeco._request_body import request_body
from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport, load_mock_spec
from ampeco.mock._synth import Synthesizer
from tests.support.endpoints import endpoint_modules, path_arguments
from tests.support.spec_faults import OVERLAPPING_ONE_OF, OVERLAPPING_ONE_OF_REQUESTS

SPEC = load_mock_spec()
TENANT = MockTenant(spec=SPEC, seed=8, stateful=False)
SYNTH = Synthesizer(SPEC.schemas, 11)
MODULES = endpoint_modules()
AUTH = {"Authorization": "Bearer mock-token"}


def _json_body_operations() -> list[OperationRef]:
    found = []
    for ref in iter_operations(SPEC.document):
        content = (ref.operation.get("requestBody") or {}).get("content") or {}
        if "application/json" in content and ref.operation_id not in OVERLAPPING_ONE_OF_REQUESTS:
            found.append(ref)
    return found


OPERATIONS = _json_body_operations()


def _module(ref: OperationRef) -> Any:
    assert ref.operation_id is not None
    return importlib.import_module(MODULES[ref.operation_id.replace("_", "").lower()])


def _valid_body(ref: OperationRef) -> Any:
    schema = ref.operation["requestBody"]["content"]["application/json"]["schema"]
    for attempt in range(20):
        body = SYNTH.value(schema, SYNTH.rng(ref.operation_id, attempt), depth=1)
        if SPEC.schemas.is_valid(body, schema):
            return body
    if ref.operation_id in OVERLAPPING_ONE_OF:  # no body matches exactly one variant; the mock reads anyOf
        return body
    raise AssertionError(f"{ref.operation_id}: no valid body synthesized")


def test_there_are_json_body_operations() -> None:
    assert len(OPERATIONS) >= 150


@pytest.mark.parametrize("ref", OPERATIONS, ids=lambda ref: ref.operation_id)
def test_a_dict_body_becomes_the_model_and_the_mock_accepts_it(ref: OperationRef) -> None:
    module = _module(ref)
    document = _valid_body(ref)
    kwargs = module._get_kwargs(**path_arguments(module, but="body"), body=document)
    with httpx.Client(transport=SyncASGITransport(TENANT), base_url=BASE_URL, headers=AUTH) as client:
        response = client.request(**kwargs)
    assert response.status_code != 422, (ref.operation_id, kwargs.get("json"), response.text)
    if isinstance(document, dict) and isinstance(kwargs["json"], dict):
        assert set(kwargs["json"]) == set(document)  # every key kept under its wire name, none invented


@pytest.mark.parametrize("ref", OPERATIONS, ids=lambda ref: ref.operation_id)
def test_a_dict_body_with_an_unknown_key_or_a_wrong_value_is_refused(ref: OperationRef) -> None:
    module = _module(ref)
    arguments = path_arguments(module, but="body")
    with pytest.raises(InvalidParameterError, match="body must be") as refused:
        module._get_kwargs(**arguments, body=5)
    assert refused.value.operation == module._OPERATION and refused.value.parameter == "body"
    document = _valid_body(ref)
    if not isinstance(document, dict):
        return  # an array body: its items are checked by the same code, one level down
    built = module._get_kwargs(**arguments, body=document)
    model = _model_of(module, document)
    if model is None or not declared(model):
        return  # a free-form body takes any key
    with pytest.raises(InvalidParameterError, match="unknown field"):
        module._get_kwargs(**arguments, body={**document, "noSuchField": 1})
    assert "json" in built


def _model_of(module: Any, document: dict[str, Any]) -> type | None:
    """The model a dict body becomes (``None`` when the body is not a model)."""
    annotation = inspect.signature(module._get_kwargs, eval_str=True).parameters["body"].annotation
    body = request_body(module._OPERATION, document, annotation)
    return type(body) if hasattr(type(body), "__attrs_attrs__") else None
