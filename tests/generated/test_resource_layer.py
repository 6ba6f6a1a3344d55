"""Every operation of the spec is reachable through the resource layer, under one name, in all its forms.

Walks the pinned spec itself (overlay applied), not the generated index: an operation the layer lost
would be missing here whatever the generator thought.
"""

from __future__ import annotations

import importlib
import inspect
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import ampeco
from ampeco._openapi import iter_operations
from ampeco_public_api.operations import BY_OPERATION_ID, OPERATIONS
from codegen.spec import load_patched_spec

REPO = Path(__file__).resolve().parents[2]


@cache
def spec_operations() -> list[tuple[str, str, str, bool]]:
    """(operationId, HTTP method, path, deprecated) of every operation in the pinned spec."""
    document, _ = load_patched_spec()
    return [
        (str(ref.operation_id), ref.method.upper(), ref.path, ref.deprecated)
        for ref in iter_operations(document)
    ]


def resolve(root: Any, attribute_path: str) -> Any:
    node = root
    for part in attribute_path.split("."):
        node = getattr(node, part)
    return node


def test_the_index_has_every_operation_of_the_spec_once() -> None:
    spec = spec_operations()
    assert len(spec) == 452
    assert sorted((o.operation_id, o.http_method, o.path, o.deprecated) for o in OPERATIONS) == sorted(spec)
    paths = [operation.attribute_path for operation in OPERATIONS]
    assert len(set(paths)) == len(paths) == 452


def test_every_operation_is_a_method_of_both_clients_plain_and_raw() -> None:
    sync_client = ampeco.Client("http://127.0.0.1:9", token="t")
    async_client = ampeco.AsyncClient("http://127.0.0.1:9", token="t")
    missing = []
    for operation_id, _, _, deprecated in spec_operations():
        operation = BY_OPERATION_ID[operation_id]
        *parents, name = operation.attribute_path.split(".")
        for client, is_async in ((sync_client, False), (async_client, True)):
            try:
                method = resolve(client, operation.attribute_path)
                raw = getattr(resolve(client, ".".join(parents)).with_raw_response, name)
            except AttributeError as exc:
                missing.append(f"{operation.attribute_path}: {exc}")
                continue
            assert callable(method) and callable(raw), operation.attribute_path
            assert inspect.iscoroutinefunction(raw) is is_async, operation.attribute_path
            returns_pager = operation.returns == "pager"
            assert inspect.iscoroutinefunction(method) is (is_async and not returns_pager)
            assert ("deprecated" in operation.namespace) is deprecated
    assert missing == []


def test_every_module_has_all_four_functions_and_bodiless_ones_return_none() -> None:
    for operation in OPERATIONS:
        module = importlib.import_module(operation.module)
        names = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")
        functions = {name: getattr(module, name, None) for name in names}
        assert all(callable(function) for function in functions.values()), operation.module
        if operation.returns == "none":
            assert inspect.signature(functions["sync"]).return_annotation in (None, "None"), operation.module
            assert inspect.signature(functions["asyncio"]).return_annotation in (None, "None"), (
                operation.module
            )


@pytest.mark.parametrize("returns", ["pager", "data", "body", "none"])
def test_each_kind_of_return_occurs(returns: str) -> None:
    assert any(operation.returns == returns for operation in OPERATIONS)


def test_api_reference_lists_every_method_with_its_route() -> None:
    reference = (REPO / "api.md").read_text(encoding="utf-8")
    for operation in OPERATIONS:
        assert f"`client.{operation.attribute_path}(" in reference, operation.attribute_path
        assert f"`{operation.http_method} {operation.path}` · `{operation.operation_id}`" in reference
