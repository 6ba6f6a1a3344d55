"""What the generated code tells a reader: every parameter's description, each operation's description
once per module, and enum members that keep the words of their values."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
from types import ModuleType
from typing import Any

import pytest

import ampeco_public_api.models
from ampeco._openapi import iter_operations
from codegen.spec import load_normalized_spec


def _squeezed(text: str) -> str:
    """Text without whitespace: docstrings are re-wrapped, the words stay."""
    return "".join(text.split())


def _endpoint_module(operation: Any) -> ModuleType:
    from openapi_python_client.strings import snake_case

    tag = snake_case(operation.operation["tags"][0])
    return importlib.import_module(f"ampeco_public_api.api.{tag}.{snake_case(operation.operation_id)}")


def _operations() -> list[Any]:
    document, _ = load_normalized_spec()
    return list(iter_operations(document))


OPERATIONS = _operations()


def test_every_parameter_description_reaches_the_docstring() -> None:
    described = 0
    missing = []
    for operation in OPERATIONS:
        doc = _squeezed(inspect.getdoc(_endpoint_module(operation).sync_detailed) or "")
        for parameter in operation.parameters:
            description = parameter.get("description")
            if isinstance(description, str) and description.strip():
                described += 1
                if _squeezed(description) not in doc:
                    missing.append(f"{operation.operation_id}: {parameter['name']}")
    assert described >= 300
    assert missing == []


def test_the_cdr_listing_documents_its_paging_parameters() -> None:
    from ampeco_public_api.api.resource_cdrs import cdrs_listing

    doc = inspect.getdoc(cdrs_listing.sync) or ""
    assert "per_page (int | Unset): The numbers of items to return" in doc
    assert "cursor (str | Unset): The cursor to fetch the next page" in doc


def test_an_operation_description_is_written_once_in_its_module_docstring() -> None:
    checked = 0
    for operation in OPERATIONS:
        description = operation.operation.get("description")
        summary = operation.operation.get("summary") or ""
        if (
            not isinstance(description, str)
            or len(description.strip()) < 40
            or description.strip() == summary.strip()
        ):
            continue
        module = _endpoint_module(operation)
        assert _squeezed(description) in _squeezed(module.__doc__ or ""), operation.operation_id
        for function in ("sync_detailed", "sync", "asyncio_detailed", "asyncio"):
            if hasattr(module, function):
                assert _squeezed(description) not in _squeezed(getattr(module, function).__doc__ or "")
        checked += 1
    assert checked >= 90


def _enums() -> list[type[enum.Enum]]:
    found = []
    for info in pkgutil.iter_modules(ampeco_public_api.models.__path__):
        module = importlib.import_module(f"ampeco_public_api.models.{info.name}")
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value) and issubclass(value, enum.Enum) and value.__module__ == module.__name__
        ]
    return found


ENUMS = _enums()


@pytest.mark.parametrize("enum_class", ENUMS, ids=[cls.__name__ for cls in ENUMS])
def test_enum_members_keep_the_words_of_their_values(enum_class: type[enum.Enum]) -> None:
    from openapi_python_client.strings import snake_case

    worded = [snake_case(member.value).upper() for member in enum_class if isinstance(member.value, str)]
    for member in enum_class:
        value = member.value
        # Two values with the same words ("user.subscriptionChanged", "user.subscription.changed")
        # cannot both have them; the enum keeps them apart instead.
        if isinstance(value, str) and value[:1].isalpha() and worded.count(snake_case(value).upper()) == 1:
            assert member.name == snake_case(value).upper(), (
                f"{enum_class.__name__}.{member.name} = {value!r}"
            )


def test_the_ocpp_status_keeps_its_words() -> None:
    from ampeco_public_api.models import HardwareStatus

    assert HardwareStatus.SUSPENDED_EV.value == "suspendedEV"
    assert HardwareStatus.SUSPENDED_EVSE.value == "suspendedEVSE"
    assert len(ENUMS) >= 200
