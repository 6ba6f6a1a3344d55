"""Fault injection per route, extension points, the uvicorn server, the CLI and the plugin's import cost."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse

from ampeco.mock import ConnectionDropped, MockTenant
from ampeco.mock.__main__ import parse_args
from ampeco.mock.demo import serve

CHARGE_POINTS = "/public-api/resources/charge-points/v2.0"


def test_rate_limit_then_recovery(ampeco_mock):
    ampeco_mock.faults.rate_limit("chargePointsListing", retry_after=7, limit=60, times=1)
    limited = ampeco_mock.http_client.get(CHARGE_POINTS)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "7"
    assert limited.headers["x-ratelimit-limit"] == "60"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert int(limited.headers["x-ratelimit-reset"]) > 0
    assert limited.json() == {"message": "Too Many Attempts."}
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 200


def test_faults_only_hit_their_route(ampeco_mock):
    ampeco_mock.faults.server_error(f"GET {CHARGE_POINTS}", status=502)
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 502
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 502
    assert ampeco_mock.http_client.get("/public-api/resources/locations/v2.0").status_code == 200
    ampeco_mock.faults.clear()
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 200


def test_two_503_then_success(ampeco_mock):
    ampeco_mock.faults.server_error("*", status=503, times=2)
    statuses = [ampeco_mock.http_client.get(CHARGE_POINTS).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


def test_server_error_needs_5xx(ampeco_mock):
    with pytest.raises(ValueError, match="5xx"):
        ampeco_mock.faults.server_error(status=404)


def test_dropped_connection_in_process(ampeco_mock):
    ampeco_mock.faults.drop("chargePointsListing", times=1)
    with pytest.raises(httpx.RemoteProtocolError) as raised:
        ampeco_mock.http_client.get(CHARGE_POINTS)
    assert isinstance(raised.value, ConnectionDropped)
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 200


def test_latency_fault_still_answers(ampeco_mock):
    ampeco_mock.faults.latency(CHARGE_POINTS, seconds=0.01, times=1)
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 200


def test_registered_behaviour_and_extra_route(ampeco_mock):
    tenant = ampeco_mock.tenant

    @tenant.behaviour("chargePointRead")
    def read(call):
        return (
            JSONResponse({"message": "maintenance"}, status_code=403)
            if call.path_params["chargePoint"] == 2
            else None
        )

    @tenant.route("/_mock/ping", methods=["POST"])
    async def ping(request: Request) -> JSONResponse:
        return JSONResponse({"pong": (await request.json())["n"]})

    assert ampeco_mock.http_client.get(f"{CHARGE_POINTS}/2").status_code == 403
    assert ampeco_mock.http_client.get(f"{CHARGE_POINTS}/1").status_code == 200
    assert ampeco_mock.http_client.post("/_mock/ping", json={"n": 3}).json() == {"pong": 3}
    with pytest.raises(KeyError):
        tenant.behaviour("noSuchOperation")


def test_served_over_loopback_with_dropped_connection():
    tenant = MockTenant(seed=1)
    tenant.faults.drop("chargePointsListing", times=1)
    with (
        serve(tenant) as base_url,
        httpx.Client(base_url=base_url, headers={"Authorization": "Bearer mock-token"}) as c,
    ):
        with pytest.raises(httpx.RemoteProtocolError):
            c.get(CHARGE_POINTS)
        response = c.get(CHARGE_POINTS, params={"per_page": 1})
        assert response.status_code == 200
        assert response.json()["links"]["next"].startswith(f"{base_url}{CHARGE_POINTS}?per_page=1&cursor=")


def test_cli_arguments():
    args = parse_args(["--port", "4011", "--seed", "9", "--platform-version", "3.110.0"])
    assert (args.port, args.seed, args.platform_version, args.host) == (4011, 9, "3.110.0", "127.0.0.1")


def test_plugin_import_is_cheap():
    code = (
        "import sys, ampeco.testing.pytest_plugin as p; "
        "heavy = ('ampeco.mock', 'starlette', 'jsonschema', 'ampeco_public_api'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(heavy)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
