"""Client behaviour: headers, connection pool sharing, with_options, closing, bring-your-own httpx client."""

from __future__ import annotations

import sys

import httpx
import pytest

import ampeco
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, VENDOR, Reply, Scripted


def test_requests_carry_auth_user_agent_and_accept(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN, headers={"X-Tenant-Job": "nightly"}) as client:
        charge_point_vendor_read.sync_detailed(7, client=client)
    headers = app.calls[0].headers
    assert headers["authorization"] == f"Bearer {TOKEN}"
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert (
        headers["user-agent"]
        == f"ampeco-public-api/{ampeco.__version__} (api {ampeco.__api_version__}; python {version})"
    )
    assert headers["accept"] == "application/json"
    assert headers["x-tenant-job"] == "nightly"
    assert app.calls[0].path == "/public-api/resources/charge-point-vendors/v1.0/7"


def test_with_options_is_a_cheap_copy_sharing_the_pool(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR))
    with ampeco.Client(server.url, token=TOKEN) as client:
        fast = client.with_options(timeout=2.5, max_retries=0)
        assert (fast.timeout.total, fast.max_retries) == (2.5, 0)
        assert (client.timeout.total, client.max_retries) == (60.0, 2)  # the original is untouched
        assert fast.get_httpx_client().timeout.read == 2.5
        charge_point_vendor_read.sync_detailed(7, client=client)
        charge_point_vendor_read.sync_detailed(7, client=fast)
        charge_point_vendor_read.sync_detailed(7, client=client)
    # One pool: the copy reused the keep-alive connection the original opened.
    assert len({call.client_port for call in app.calls}) == 1
    assert fast.is_closed


def test_with_options_validates() -> None:
    client = ampeco.Client("acme.ampeco.tech", token=TOKEN)
    with pytest.raises(ampeco.ConfigurationError, match="max_retries"):
        client.with_options(max_retries=-1)


def test_closed_client_refuses_new_requests(server: LoopbackServer) -> None:
    server.app = Scripted(Reply(200, VENDOR))
    client = ampeco.Client(server.url, token=TOKEN)
    charge_point_vendor_read.sync_detailed(7, client=client)
    client.close()
    assert client.is_closed
    with pytest.raises(RuntimeError):
        charge_point_vendor_read.sync_detailed(7, client=client)
    copy_of_closed = client.with_options(timeout=1)
    with pytest.raises(RuntimeError, match="closed"):
        copy_of_closed.get_httpx_client()


def test_bring_your_own_httpx_client(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR))
    seen: list[str] = []
    own = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.url.path)]})
    with ampeco.Client(server.url, token=TOKEN, http_client=own) as client:
        assert charge_point_vendor_read.sync_detailed(7, client=client).parsed.data.id == 7
    assert seen == ["/public-api/resources/charge-point-vendors/v1.0/7"]
    assert app.calls[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert not own.is_closed  # the caller owns it
    own.close()


def test_http_client_must_match_the_client_flavour() -> None:
    with pytest.raises(ampeco.ConfigurationError, match=r"httpx\.Client"):
        ampeco.Client("acme.ampeco.tech", token=TOKEN, http_client=httpx.AsyncClient())  # type: ignore[arg-type]


async def test_async_client_shares_its_pool_and_closes(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR))
    async with ampeco.AsyncClient(server.url, token=TOKEN) as client:
        copy = client.with_options(max_retries=0)
        await charge_point_vendor_read.asyncio_detailed(7, client=client)
        await charge_point_vendor_read.asyncio_detailed(7, client=copy)
    assert len({call.client_port for call in app.calls}) == 1
    assert client.is_closed and copy.is_closed


def test_token_is_only_sent_to_the_tenant(server: LoopbackServer) -> None:
    server.app = app = Scripted(Reply(200, VENDOR))
    other_origin = server.url.replace("127.0.0.1", "localhost")
    with ampeco.Client(server.url, token=TOKEN) as client:
        client.get_httpx_client().get(f"{other_origin}/elsewhere")
        client.get_httpx_client().get("/here")
    assert "authorization" not in app.calls[0].headers
    assert app.calls[1].headers["authorization"] == f"Bearer {TOKEN}"


def test_clients_cannot_be_pickled() -> None:
    import pickle

    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(ampeco.Client("acme.ampeco.tech", token=TOKEN))


def test_http_client_whose_transport_returns_read_responses() -> None:
    # httpx.MockTransport stands in for the server; its responses arrive with the body already read.
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(503, json={"message": "warming up"}, headers={"Retry-After": "0.001"})
        return httpx.Response(200, json=VENDOR)

    own = httpx.Client(transport=httpx.MockTransport(handler))
    with ampeco.Client("https://acme.ampeco.tech", token=TOKEN, http_client=own) as client:
        assert charge_point_vendor_read.sync_detailed(7, client=client).parsed.data.name == "ACME"
    assert len(calls) == 2
    assert calls[1].headers["authorization"] == f"Bearer {TOKEN}"


async def test_async_client_over_an_in_process_asgi_app() -> None:
    app = Scripted(Reply(429, None, {"Retry-After": "0.001"}), Reply(200, VENDOR))
    own = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    async with ampeco.AsyncClient("https://acme.ampeco.tech", token=TOKEN, http_client=own) as client:
        response = await charge_point_vendor_read.asyncio_detailed(7, client=client)
    assert response.parsed.data.id == 7
    assert len(app.calls) == 2
    await own.aclose()
