"""Faults from outside the process: ``POST/GET/DELETE /_mock/faults`` and ``ampeco-mock --fault``."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ampeco.mock import Fault, FaultSyntaxError, parse_fault_json, parse_fault_text
from ampeco.mock.__main__ import main, parse_args
from ampeco.mock._loader import _data_dir

CDRS = "/public-api/resources/cdrs/v2.0"
CHARGE_POINTS = "/public-api/resources/charge-points/v2.0"
FAULTS = "/_mock/faults"


# -- the control endpoint -------------------------------------------------------------------------
def test_post_a_fault_then_list_then_delete(ampeco_mock) -> None:
    http = ampeco_mock.http_client
    added = http.post(FAULTS, json={"route": f"GET {CDRS}", "status": 429, "times": 2, "retry_after": 7})
    assert added.status_code == 201, added.text
    rule = {"route": f"GET {CDRS}", "kind": "rate_limit", "status": 429, "retry_after": 7, "limit": 60}
    assert added.json() == {"faults": [{**rule, "remaining": 2}]}
    limited = http.get(CDRS)
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "7")
    assert http.get(FAULTS).json() == {"faults": [{**rule, "remaining": 1}]}
    assert http.get(CHARGE_POINTS).status_code == 200  # other routes untouched
    assert http.get(CDRS).status_code == 429
    assert http.get(CDRS).status_code == 200  # counted out
    assert http.get(FAULTS).json() == {"faults": []}

    http.post(FAULTS, json={"route": "cdrs_listing", "status": 503})
    http.post(FAULTS, json={"route": "*", "latency": 0.01})
    assert http.get(CDRS).status_code == 503
    cleared = http.delete(FAULTS, params={"route": "cdrsListing"})
    assert cleared.json() == {
        "cleared": 1,
        "faults": [{"route": "*", "kind": "latency", "latency": 0.01, "remaining": None}],
    }
    assert http.get(CDRS).status_code == 200
    assert http.delete(FAULTS).json() == {"cleared": 1, "faults": []}


def test_post_drop_fault(ampeco_mock) -> None:
    assert (
        ampeco_mock.http_client.post(
            FAULTS, json={"route": "cdrsListing", "drop": True, "times": 1}
        ).status_code
        == 201
    )
    with pytest.raises(httpx.RemoteProtocolError):
        ampeco_mock.http_client.get(CDRS)
    assert ampeco_mock.http_client.get(CDRS).status_code == 200


def test_post_unknown_route_is_422_with_suggestions(ampeco_mock) -> None:
    answer = ampeco_mock.http_client.post(FAULTS, json={"route": "cdr_listing", "status": 503})
    assert answer.status_code == 422
    assert "'cdr_listing'" in answer.json()["message"]
    assert answer.json()["suggestions"][0] == "cdrsListing"
    assert ampeco_mock.tenant.faults.rules() == []
    unknown_clear = ampeco_mock.http_client.delete(FAULTS, params={"route": "cdr_listing"})
    assert unknown_clear.status_code == 422 and unknown_clear.json()["suggestions"][0] == "cdrsListing"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"status": 429}, "'route' is required"),
        ({"route": "cdrsListing"}, "exactly one of"),
        ({"route": "cdrsListing", "status": 503, "drop": True}, "exactly one of"),
        ({"route": "cdrsListing", "status": 404}, "neither 429 nor 500-599"),
        ({"route": "cdrsListing", "status": "503"}, "'status' must be"),
        ({"route": "cdrsListing", "latency": -1}, "'latency' must be"),
        ({"route": "cdrsListing", "drop": "yes"}, "'drop' must be true"),
        ({"route": "cdrsListing", "status": 503, "times": 0}, "'times' must be a whole number >= 1"),
        ({"route": "cdrsListing", "status": 503, "tims": 2}, "unknown field(s) tims"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_post_invalid_fault_is_422_naming_the_problem(ampeco_mock, body: object, message: str) -> None:
    answer = ampeco_mock.http_client.post(FAULTS, json=body)
    assert answer.status_code == 422
    assert message in answer.json()["message"]
    assert ampeco_mock.tenant.faults.rules() == []


def test_post_not_json_is_400(ampeco_mock) -> None:
    answer = ampeco_mock.http_client.post(FAULTS, content=b"route=cdrsListing")
    assert answer.status_code == 400


# -- the text form ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "route", "fault"),
    [
        (f"GET {CDRS}=429:3", f"GET {CDRS}", Fault("rate_limit", retry_after=1, times=3)),
        ("charge_points_listing=503", "charge_points_listing", Fault("server_error", status=503)),
        ("*=1.5s", "*", Fault("latency", delay=1.5)),
        ("cdrsListing=250ms:1", "cdrsListing", Fault("latency", delay=0.25, times=1)),
        ("cdrsListing=drop:2", "cdrsListing", Fault("drop", times=2)),
    ],
)
def test_fault_text_form(text: str, route: str, fault: Fault) -> None:
    assert parse_fault_text(text) == (route, fault)


@pytest.mark.parametrize(
    "text",
    ["cdrsListing", "=429", "cdrsListing=404", "cdrsListing=slow", "cdrsListing=429:0", "cdrsListing=429:x"],
)
def test_fault_text_form_errors_quote_the_text(text: str) -> None:
    with pytest.raises(FaultSyntaxError) as raised:
        parse_fault_text(text)
    assert repr(text) in str(raised.value)


def test_json_form_matches_text_form() -> None:
    assert parse_fault_json({"route": "cdrsListing", "status": 429, "times": 3}) == parse_fault_text(
        "cdrsListing=429:3"
    )
    assert parse_fault_json({"route": "*", "latency": 2}) == parse_fault_text("*=2s")


# -- ampeco-mock ------------------------------------------------------------------------------------
def test_cli_fault_and_spec_options() -> None:
    args = parse_args(["--fault", f"GET {CDRS}=429:3", "--fault", "*=drop", "--spec", "/x/spec.json"])
    assert args.fault == [f"GET {CDRS}=429:3", "*=drop"]
    assert args.spec == "/x/spec.json"


def test_cli_rejects_bad_fault_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--fault", "cdrsListing=404"])
    assert exited.value.code == 2
    assert "status 404 is neither 429 nor 500-599" in capsys.readouterr().err


def test_cli_rejects_unknown_route_before_serving(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "1", "--fault", "cdr_listing=503"]) == 2
    err = capsys.readouterr().err
    assert "no route 'cdr_listing'" in err and "'cdrsListing'" in err


def test_cli_reports_an_unreadable_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--port", "1", "--spec", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the mock spec" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_served_with_a_cli_fault_and_a_spec_file(tmp_path: Path) -> None:
    """``ampeco-mock`` in its own process: --spec serves the given file, --fault fires, the endpoint works."""
    document = json.loads(gzip.decompress((_data_dir() / "spec-3.110.0.json.gz").read_bytes()))
    document["info"]["version"] = "3.110.0-test"
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "ampeco.mock", "--port", str(port), "--log-level", "warning"]
    command += ["--spec", str(spec), "--fault", f"GET {CDRS}=429:1"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ})
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Authorization": "Bearer t"}
        ) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    first = client.get(CDRS)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    assert time.monotonic() < deadline, "ampeco-mock did not start"
                    time.sleep(0.1)
            assert first.status_code == 429
            assert client.get(CDRS).status_code == 200
            assert client.post(FAULTS, json={"route": "cdrsListing", "status": 502}).status_code == 201
            assert client.get(CDRS).status_code == 502
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert "mock AMPECO tenant 3.110.0-test" in err
    assert f"fault: 429 (Retry-After 1 s) on GET {CDRS}, 1 times" in err
