"""Non-2xx responses and transport failures raise typed errors; generated endpoints never see them."""

from __future__ import annotations

import socket

import pytest

import ampeco
from ampeco_public_api.api.resource_charge_point_vendors import (
    charge_point_vendor_create,
    charge_point_vendor_read,
)
from ampeco_public_api.models.charge_point_vendor import ChargePointVendor
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, VENDOR, Reply, Scripted


def client_for(server: LoopbackServer, **kwargs: object) -> ampeco.Client:
    kwargs.setdefault("max_retries", 0)
    return ampeco.Client(server.url, token=TOKEN, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, ampeco.BadRequestError),
        (401, ampeco.AuthenticationError),
        (403, ampeco.PermissionDeniedError),
        (404, ampeco.NotFoundError),
        (409, ampeco.ConflictError),
        (422, ampeco.UnprocessableEntityError),
        (429, ampeco.RateLimitError),
        (500, ampeco.InternalServerError),
        (502, ampeco.InternalServerError),
        (503, ampeco.InternalServerError),
        (504, ampeco.InternalServerError),
        (599, ampeco.InternalServerError),
        (405, ampeco.APIStatusError),
        (410, ampeco.APIStatusError),
        (301, ampeco.APIStatusError),
    ],
)
def test_each_status_raises_its_error(server: LoopbackServer, status: int, error_class: type) -> None:
    server.app = Scripted(Reply(status, {"message": f"server says {status}"}, {"X-Request-Id": "req-42"}))
    with client_for(server) as client, pytest.raises(error_class) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    error = info.value
    assert type(error) is error_class  # the most specific class, not just a parent
    assert isinstance(error, ampeco.APIStatusError)
    assert isinstance(error, ampeco.AmpecoError)
    assert error.status_code == status
    assert error.body == {"message": f"server says {status}"}
    assert error.response.status_code == status
    assert error.request_id == "req-42"
    assert error.operation == "charge_point_vendor_read"
    assert error.attempts == 1
    text = str(error)
    assert "charge_point_vendor_read" in text
    assert "GET /public-api/resources/charge-point-vendors/v1.0/7" in text
    assert f"returned {status}" in text
    assert f"server says {status}" in text
    assert "req-42" in text


def test_validation_errors_are_mapped_by_field(server: LoopbackServer) -> None:
    body = {
        "message": "The name field is required. (and 1 more error)",
        "errors": {"name": ["The name field is required."], "id": ["The id must be an integer.", "Taken."]},
    }
    server.app = Scripted(Reply(422, body))
    with client_for(server) as client, pytest.raises(ampeco.UnprocessableEntityError) as info:
        charge_point_vendor_create.sync_detailed(client=client, body=ChargePointVendor(id=1, name=""))
    error = info.value
    assert error.errors == {
        "name": ["The name field is required."],
        "id": ["The id must be an integer.", "Taken."],
    }
    assert error.operation == "charge_point_vendor_create"
    assert "name: The name field is required." in str(error)


def test_non_json_error_body_is_kept_as_text(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(502, "<html>Bad gateway</html>"))
    with client_for(server) as client, pytest.raises(ampeco.InternalServerError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert info.value.body == "<html>Bad gateway</html>"
    assert info.value.errors == {}
    assert "Bad gateway" in str(info.value)


def test_empty_error_body(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(404, None))
    with client_for(server) as client, pytest.raises(ampeco.NotFoundError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert info.value.body is None
    assert str(info.value).endswith("returned 404 Not Found")


def test_huge_error_message_is_shortened(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(400, {"message": "x" * 5000}))
    with client_for(server) as client, pytest.raises(ampeco.BadRequestError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert len(str(info.value)) < 700
    assert info.value.body == {"message": "x" * 5000}  # nothing lost on the attribute


def test_rate_limit_error_carries_retry_after(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "17"}))
    with client_for(server) as client, pytest.raises(ampeco.RateLimitError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert info.value.retry_after == 17.0


def test_success_passes_through_to_the_generated_parser(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(200, VENDOR))
    with client_for(server) as client:
        response = charge_point_vendor_read.sync_detailed(7, client=client)
    assert response.status_code == 200
    assert response.parsed.data.name == "ACME"


def test_invalid_2xx_body_raises_response_validation_error(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(200, {"data": {"id": "not-an-int", "name": "ACME"}}))
    with client_for(server) as client, pytest.raises(ampeco.ResponseValidationError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert isinstance(info.value, ampeco.AmpecoError)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_raises_api_connection_error() -> None:
    with (
        ampeco.Client(f"http://127.0.0.1:{_closed_port()}", token=TOKEN, max_retries=0) as client,
        pytest.raises(ampeco.APIConnectionError) as info,
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert not isinstance(info.value, ampeco.APITimeoutError)
    assert info.value.operation == "charge_point_vendor_read"
    assert isinstance(info.value.__cause__, Exception)
    assert "charge_point_vendor_read" in str(info.value)


def test_timeout_raises_api_timeout_error(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(200, VENDOR, delay=0.5))
    with client_for(server, timeout=0.05) as client, pytest.raises(ampeco.APITimeoutError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert isinstance(info.value, ampeco.APIConnectionError)
    assert "timed out" in str(info.value)


async def test_async_client_raises_the_same_errors(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(404, {"message": "No query results"}))
    async with ampeco.AsyncClient(server.url, token=TOKEN, max_retries=0) as client:
        with pytest.raises(ampeco.NotFoundError) as info:
            await charge_point_vendor_read.asyncio_detailed(7, client=client)
    assert info.value.operation == "charge_point_vendor_read"


async def test_async_total_timeout_is_enforced(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(200, VENDOR, delay=0.5))
    async with ampeco.AsyncClient(server.url, token=TOKEN, max_retries=0, timeout=0.05) as client:
        with pytest.raises(ampeco.APITimeoutError):
            await charge_point_vendor_read.asyncio_detailed(7, client=client)


DEEP = 100_000


def test_a_deeply_nested_error_body_still_raises_the_status_error(server: LoopbackServer) -> None:
    body = '{"a":' * DEEP + "1" + "}" * DEEP
    server.app = Scripted(Reply(404, body, {"Content-Type": "application/json"}))
    with client_for(server) as client, pytest.raises(ampeco.NotFoundError) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert info.value.body == body  # kept as text
    assert info.value.errors == {}
    assert len(str(info.value)) < 700


async def test_a_deeply_nested_error_body_async(server: LoopbackServer) -> None:
    body = "[" * DEEP + "]" * DEEP
    server.app = Scripted(Reply(500, body, {"Content-Type": "application/json"}))
    async with ampeco.AsyncClient(server.url, token=TOKEN, max_retries=0) as client:
        with pytest.raises(ampeco.InternalServerError) as info:
            await charge_point_vendor_read.asyncio_detailed(7, client=client)
    assert info.value.body == body


def test_a_deeply_nested_success_body_is_a_validation_error(server: LoopbackServer) -> None:
    server.app = Scripted(
        Reply(200, '{"data":' * DEEP + "1" + "}" * DEEP, {"Content-Type": "application/json"})
    )
    with client_for(server) as client, pytest.raises(ampeco.ResponseValidationError, match="RecursionError"):
        charge_point_vendor_read.sync_detailed(7, client=client)
