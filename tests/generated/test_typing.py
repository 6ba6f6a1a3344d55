"""No loss of typing: every operation whose 2xx response has a JSON body returns a model."""

from __future__ import annotations

import importlib
import inspect
import types
import typing
from typing import Any

import attrs
import pytest

from ampeco._openapi import iter_operations
from codegen.spec import load_normalized_spec


def _operations_with_json_bodies() -> list[tuple[str, str]]:
    from openapi_python_client.strings import snake_case

    document, _ = load_normalized_spec()
    found = []
    for ref in iter_operations(document):
        operation = ref.operation
        success = [r for code, r in operation["responses"].items() if code.startswith("2")]
        if any("application/json" in r.get("content", {}) for r in success):
            tag = snake_case(operation["tags"][0])
            found.append(
                (
                    f"ampeco_public_api.api.{tag}.{snake_case(operation['operationId'])}",
                    operation["operationId"],
                )
            )
    return found


OPERATIONS = _operations_with_json_bodies()


def _is_typed(annotation: Any) -> bool:
    """A model, a list or union of models, or a JSON scalar where the spec says so; never Any/None/dict."""
    if inspect.isclass(annotation):
        return attrs.has(annotation) or annotation in (int, float, str, bool)
    origin = typing.get_origin(annotation)
    if origin is list:
        return all(_is_typed(arg) for arg in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        return all(_is_typed(arg) for arg in typing.get_args(annotation))
    return False


def test_the_spec_has_json_responses_to_check() -> None:
    assert len(OPERATIONS) >= 340


@pytest.mark.parametrize(("module_name", "operation_id"), OPERATIONS, ids=[o for _, o in OPERATIONS])
def test_sync_returns_a_model(module_name: str, operation_id: str) -> None:
    module = importlib.import_module(module_name)
    annotation = inspect.signature(module.sync).return_annotation
    assert _is_typed(annotation), f"{operation_id} returns {annotation!r}"
    detailed = inspect.signature(module.sync_detailed).return_annotation
    assert typing.get_args(detailed) == (annotation,)
