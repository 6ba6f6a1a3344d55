"""Responses judged by an independent validator: Schemathesis (jsonschema_rs, formats checked).

The mock validates with its own converted schemas; a test that the mock's answers conform must not
use the mock's validator to judge them.
"""

from __future__ import annotations

import functools
from typing import Any

import httpx
import schemathesis

from ampeco.mock import load_mock_spec
from tests.support.spec_faults import OVERLAPPING_ONE_OF

_OVERLAPPING = set(OVERLAPPING_ONE_OF.values())


@functools.cache
def api_schema() -> Any:
    return schemathesis.openapi.from_dict(load_mock_spec().document)


def assert_conforms(response: httpx.Response, method: str, path: str) -> None:
    """Raise unless ``response`` is what operation ``method path`` documents for its status.

    The spec's overlapping ``oneOf`` answers (tests/support/spec_faults.py) cannot satisfy exactly
    one variant; those are skipped here and checked as ``anyOf`` by the property tests.
    """
    if f"{method.upper()} {path}" in _OVERLAPPING:
        return
    api_schema()[path][method.upper()].validate_response(response)
