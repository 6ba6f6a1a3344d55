"""Every path parameter of every operation stays exactly one URL segment, or nothing is sent.

httpx resolves ``.`` and ``..`` segments, so a path parameter of ``..`` used to address the parent
resource (``payment_method_delete(7, "..")`` deleted user 7). Wrong types (``True`` or ``1.5`` for an
integer id) used to go out as ``true``/``1.5``. These tests walk all operations of the spec.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import ampeco
import ampeco_public_api.api
from ampeco import InvalidParameterError
from tests.support.recorder import Recorder


def _endpoint_modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(ampeco_public_api.api.__path__, "ampeco_public_api.api."):
        module = importlib.import_module(info.name)
        if hasattr(module, "sync_detailed"):
            yield module


def _path_parameters(module: ModuleType) -> list[inspect.Parameter]:
    signature = inspect.signature(module.sync_detailed)
    return [p for p in signature.parameters.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]


def _valid_value(parameter: inspect.Parameter) -> Any:
    if parameter.annotation is int:
        return 1
    if "date" in str(parameter.annotation):
        import datetime

        return datetime.date(2024, 1, 2)
    return "x1"


def _keyword_defaults(module: ModuleType) -> dict[str, Any]:
    """Required keyword-only arguments (bodies, required queries) as ``None``: path checks come first."""
    signature = inspect.signature(module.sync_detailed)
    return {
        name: None
        for name, p in signature.parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
        and p.default is inspect.Parameter.empty
        and name != "client"
    }


CASES = [
    (module, index, parameter)
    for module in _endpoint_modules()
    for index, parameter in enumerate(_path_parameters(module))
]


def test_the_walk_covers_every_path_parameter_of_the_spec() -> None:
    from codegen.spec import load_normalized_spec

    document, _ = load_normalized_spec()
    in_spec = [
        parameter["name"]
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in ("get", "put", "post", "patch", "delete")
        for parameter in {
            (p["in"], p["name"]): p for p in [*item.get("parameters", []), *operation.get("parameters", [])]
        }.values()
        if parameter["in"] == "path"
    ]
    assert len(in_spec) > 300
    assert len(CASES) == len(in_spec)


@pytest.fixture
def recording_client(base_url: str, recorder: Recorder) -> Iterator[ampeco.Client]:
    with ampeco.Client(base_url, token="test-token", max_retries=0) as client:
        yield client


@pytest.mark.parametrize("segment", [".", "..", ""])
def test_dot_segments_and_empty_values_are_refused_before_sending(
    segment: str, recording_client: ampeco.Client, recorder: Recorder
) -> None:
    before = len(recorder.requests)
    checked = 0
    for module, index, parameter in CASES:
        arguments = [_valid_value(p) for p in _path_parameters(module)]
        arguments[index] = segment
        with pytest.raises(InvalidParameterError) as caught:
            module.sync_detailed(*arguments, client=recording_client, **_keyword_defaults(module))
        error = caught.value
        assert error.operation == module.__name__.rsplit(".", 1)[-1]
        assert error.value == segment
        assert repr(parameter.name) in str(error) or error.parameter
        checked += 1
    assert checked == len(CASES)
    assert len(recorder.requests) == before, "a request was sent for a refused path parameter"


@pytest.mark.parametrize("wrong", [True, False, 1.5, 2.0, "7", None])
def test_integer_path_parameters_take_integers_only(
    wrong: Any, recording_client: ampeco.Client, recorder: Recorder
) -> None:
    before = len(recorder.requests)
    integer_cases = [case for case in CASES if case[2].annotation is int]
    assert len(integer_cases) >= 300
    for module, index, _parameter in integer_cases:
        arguments = [_valid_value(p) for p in _path_parameters(module)]
        arguments[index] = wrong
        with pytest.raises(InvalidParameterError):
            module.sync_detailed(*arguments, client=recording_client, **_keyword_defaults(module))
    assert len(recorder.requests) == before


def test_a_slash_stays_inside_its_segment(recording_client: ampeco.Client, recorder: Recorder) -> None:
    from ampeco_public_api.api.resource_sessions import session_read

    recorder.status, recorder.reply = 404, {"message": "not found"}
    with pytest.raises(ampeco.NotFoundError):
        session_read.sync_detailed("../7/x", client=recording_client)
    assert recorder.last.raw_path == "/public-api/resources/sessions/v1.0/..%2F7%2Fx"


def test_scalar_query_parameters_are_type_checked(
    recording_client: ampeco.Client, recorder: Recorder
) -> None:
    from ampeco_public_api.api.resource_cdrs import cdrs_listing

    before = len(recorder.requests)
    for wrong in (True, 1.5, "100"):
        with pytest.raises(InvalidParameterError, match="per_page"):
            cdrs_listing.sync_detailed(client=recording_client, per_page=wrong)  # type: ignore[arg-type]
    assert len(recorder.requests) == before


def test_a_dot_dot_payment_method_no_longer_deletes_the_user(ampeco_mock: Any) -> None:
    """The original report: against the mock tenant, this answered 204 and user 1 was gone."""
    from ampeco_public_api.api.resource_users import payment_method_delete, user_read

    client = ampeco_mock.client
    assert user_read.sync(1, client=client).data is not ampeco.UNSET
    for segment in ("..", "."):
        with pytest.raises(InvalidParameterError, match="paymentMethodId"):
            payment_method_delete.sync_detailed(1, segment, client=client)
    assert user_read.sync(1, client=client).data is not ampeco.UNSET
