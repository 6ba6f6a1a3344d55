"""Every public exception survives pickling as itself, attributes included, and its pickled form never
carries the API token (not even the request's Authorization header).

Errors are produced the way users meet them: raised by a client talking to a real loopback server,
by the generated code, by ``webhooks.parse``; a ``ProcessPoolExecutor`` worker raises one for real.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import multiprocessing
import pickle
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import httpx
import pytest

import ampeco
import ampeco._parsing as parsing
from ampeco import webhooks
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read
from ampeco_public_api.api.resource_users import payment_method_delete
from tests.client.conftest import LoopbackServer
from tests.client.pickle_worker import read_vendor
from tests.client.servers import TOKEN, VENDOR, Reply, Scripted

WEBHOOK_SECRET = "whsec-pickle-7d6c5b4a3f2e"


def public_exception_classes() -> set[type[BaseException]]:
    """Exception classes exported by ampeco, ampeco.webhooks and ampeco._parsing (ModelParseError crosses
    into generated code), plus every subclass of AmpecoError defined in either package."""
    classes: set[type[BaseException]] = set()
    for module in (ampeco, webhooks, parsing):
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, BaseException):
                classes.add(value)
    stack: list[type[BaseException]] = [ampeco.AmpecoError]
    while stack:
        cls = stack.pop()
        if cls.__module__.split(".")[0] in ("ampeco", "ampeco_public_api") and not cls.__name__.startswith(
            "_"
        ):
            classes.add(cls)
        stack.extend(cls.__subclasses__())
    return classes


def raised(action: Callable[[], object]) -> BaseException:
    try:
        action()
    except BaseException as exc:
        return exc
    raise AssertionError("expected an exception")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _signed(body: bytes, **headers: str) -> tuple[bytes, dict[str, str]]:
    signature = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Signature": signature, **headers}


def _webhook_errors() -> Iterator[BaseException]:
    changed = {"notification": "chargePoint.changed", "chargePointId": 42, "action": "updated"}
    yield raised(lambda: webhooks.parse(b"{}", {"X-Signature": "0" * 64}, secret=WEBHOOK_SECRET))
    body, headers = _signed(json.dumps(changed).encode(), **{"X-Timestamp": "2020-01-01T00:00:00Z"})
    yield raised(lambda: webhooks.parse(body, headers, secret=WEBHOOK_SECRET, tolerance=5))
    body, headers = _signed(b"not json")
    yield raised(lambda: webhooks.parse(body, headers, secret=WEBHOOK_SECRET))
    body, headers = _signed(json.dumps({**changed, "chargePointId": "forty-two"}).encode())
    yield raised(lambda: webhooks.parse(body, headers, secret=WEBHOOK_SECRET))
    yield webhooks.WebhookError("base class")


def _client_errors(server: LoopbackServer) -> Iterator[BaseException]:
    def call(reply: Reply, **options: Any) -> BaseException:
        server.app = Scripted(reply)
        with ampeco.Client(server.url, token=TOKEN, max_retries=0, **options) as client:
            return raised(lambda: charge_point_vendor_read.sync_detailed(7, client=client))

    details = {"message": "Nope", "errors": {"name": ["The name field is required."]}}
    for status in (400, 401, 403, 404, 405, 409, 422, 500):
        yield call(Reply(status, details, {"X-Request-Id": f"req-{status}"}))
    yield call(Reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "7"}))
    yield call(Reply(200, VENDOR, delay=0.5), timeout=0.05)  # APITimeoutError
    yield call(Reply(200, {"data": {"id": "seven", "name": "ACME"}}))  # ResponseValidationError
    yield call(Reply(201, {"created": True}))  # UnexpectedStatus
    yield call(Reply(200, {"data": {"id": 7, "name": "x" * 4096}}), max_response_bytes=1024)
    with ampeco.Client(f"http://127.0.0.1:{_closed_port()}", token=TOKEN, max_retries=0) as client:
        yield raised(lambda: charge_point_vendor_read.sync_detailed(7, client=client))  # APIConnectionError
    with ampeco.Client(server.url, token=TOKEN) as client:
        yield raised(lambda: payment_method_delete.sync_detailed(7, "..", client=client))  # InvalidParameter
    yield raised(lambda: ampeco.Client("http://acme.ampeco.tech", token=TOKEN))  # ConfigurationError
    request = httpx.Request("GET", f"{server.url}/x", headers={"Authorization": f"Bearer {TOKEN}"})
    yield ampeco.APIError("base class", request=request, operation="op", attempts=3)
    yield ampeco.PaginationError("cdrs_listing: the server returned cursor 'x' again")
    yield ampeco.AmpecoError("root")
    yield parsing.ModelParseError(["data", 0, "id"], "seven", "expected int")


@pytest.fixture
def errors(server: LoopbackServer) -> list[BaseException]:
    return [*_client_errors(server), *_webhook_errors()]


def comparable(value: Any) -> Any:
    """What must survive pickling: httpx objects by their content (minus credentials), the rest as is."""
    if isinstance(value, httpx.Request):
        headers = sorted((k, v) for k, v in value.headers.items() if k != "authorization")
        return ("request", value.method, str(value.url), headers)
    if isinstance(value, httpx.Response):
        return (
            "response",
            value.status_code,
            value.content,
            sorted(value.headers.items()),
            comparable(value.request),
        )
    return value


def test_every_public_exception_class_is_covered(errors: list[BaseException]) -> None:
    covered = {type(error) for error in errors}
    missing = {cls.__qualname__ for cls in public_exception_classes() - covered}
    assert not missing, f"add an instance of {sorted(missing)} to this test"


def test_every_error_round_trips_without_the_token(errors: list[BaseException]) -> None:
    for error in errors:
        data = pickle.dumps(error)
        assert TOKEN.encode() not in data, type(error).__name__
        assert WEBHOOK_SECRET.encode() not in data, type(error).__name__
        clone = pickle.loads(data)
        assert type(clone) is type(error)
        assert clone.args == error.args
        assert str(clone) == str(error)
        assert set(vars(clone)) == set(vars(error)), type(error).__name__
        for name, value in vars(error).items():
            assert comparable(getattr(clone, name)) == comparable(value), (type(error).__name__, name)
        request = getattr(clone, "request", None)
        if isinstance(request, httpx.Request):
            assert "authorization" not in request.headers


def test_a_status_error_raised_in_a_worker_process_arrives_as_itself(server: LoopbackServer) -> None:
    server.app = Scripted(
        Reply(404, {"message": "No query results", "errors": {"id": ["unknown"]}}, {"X-Request-Id": "req-9"})
    )
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        future = pool.submit(read_vendor, server.url, TOKEN, 7)
        with pytest.raises(ampeco.NotFoundError) as info:
            future.result(timeout=60)
    error = info.value
    assert error.status_code == 404
    assert error.operation == "charge_point_vendor_read"
    assert error.errors == {"id": ["unknown"]}
    assert error.body == {"message": "No query results", "errors": {"id": ["unknown"]}}
    assert error.request_id == "req-9"
    assert "returned 404 Not Found: No query results" in error.message
    assert error.response.status_code == 404
    assert error.request.url.path == "/public-api/resources/charge-point-vendors/v1.0/7"
    assert "authorization" not in error.request.headers


def test_a_server_echoing_the_token_cannot_put_it_into_a_pickle(server: LoopbackServer) -> None:
    echoes = [
        Reply(401, {"message": f"Invalid token {TOKEN}"}, {"X-Echo": f"Bearer {TOKEN}"}),
        Reply(200, {"data": {"id": TOKEN, "name": "ACME"}}),  # ResponseValidationError quotes the value
        Reply(201, {"echo": f"Authorization: Bearer {TOKEN}"}),  # UnexpectedStatus quotes the body
    ]
    for reply in echoes:
        server.app = Scripted(reply)
        with ampeco.Client(server.url, token=TOKEN, max_retries=0) as client:
            error = raised(lambda client=client: charge_point_vendor_read.sync_detailed(7, client=client))
            data = pickle.dumps(error)
        assert isinstance(error, ampeco.AmpecoError)
        assert TOKEN.encode() not in data, type(error).__name__
        assert TOKEN not in str(pickle.loads(data))
