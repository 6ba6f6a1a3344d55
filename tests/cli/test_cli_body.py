"""Request bodies from ``--data`` and ``--set``: typed by the body model, refused before sending when
they do not fit it, and sent exactly as built."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import ampeco
from tests.cli.conftest import TOKEN, Result, Served

VENDORS = "/public-api/resources/charge-point-vendors/v1.0"
START = "/public-api/actions/charge-point/v1.0/1/start/1"
SMART_CHARGING = "/public-api/resources/charge-points/v2.0/1/smart-charging"


def sent(app: Served, path: str) -> object:
    (seen,) = [seen for seen in app.to(path) if seen.method == "POST"]
    return seen.json()


def test_set_builds_a_body_that_is_created_and_printed(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served()
    result = cli(app, "charge-point-vendors", "create", "--set", "name=ACME")
    assert result.code == 0, result.err
    created = json.loads(result.out)
    assert created["name"] == "ACME"
    assert sent(app, VENDORS) == {"name": "ACME"}
    with ampeco.Client(app.url, token=TOKEN) as client:
        assert client.charge_point_vendors.read(created["id"]).name == "ACME"


def test_values_are_typed_by_the_field_and_json_after_colon_equals(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(network=True)
    result = cli(
        app,
        "charge-points", "start-charging-session", "1", "1",
        "--set", "userId=3",  # an integer field: the number 3
        "--set", "id_tag=0042",  # a text field, snake_case key: the text "0042"
        "--set", "connectorId:=null",  # JSON as is
    )  # fmt: skip
    assert result.code == 0, result.err
    assert sent(app, START) == {"userId": 3, "idTag": "0042", "connectorId": None}


@pytest.mark.parametrize("source", ["file", "stdin", "inline"])
def test_data_from_a_file_stdin_or_inline_with_set_on_top(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path, source: str
) -> None:
    app = served(network=True)
    document = json.dumps({"userId": 5, "idTag": "from-data"})
    path = tmp_path / "body.json"
    path.write_text(document)
    data = {"file": f"@{path}", "stdin": "-", "inline": document}[source]
    result = cli(
        app, "charge-points", "start-charging-session", "1", "1", "--data", data, "--set", "idTag=override",
        stdin=document if source == "stdin" else "",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert sent(app, START) == {"userId": 5, "idTag": "override"}


def test_a_union_body_takes_the_variant_its_fields_name(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(network=True)
    result = cli(app, "charge-points", "smart-charging", "update", "1", "--set", "mode=disabled")
    assert result.code == 0, result.err
    assert sent(app, SMART_CHARGING) == {"mode": "disabled"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--set", "nope=1"], "unknown field; accepted keys (snake_case or camelCase)"),
        (["--set", "userId=seven"], "--set userId: 'seven' is not an integer"),
        (["--set", "userid"], "--set takes key=value"),
        (["--set", "connectorId:={"], "not valid JSON after :="),
        (["--data", '{"userId": "7"}'], "body $.userId: invalid value"),
        (["--data", '{"userId": 7, "surprise": 1}'], "body $.surprise: unknown field"),
        (["--data", "[1, 2]"], "must be a JSON object"),
        (["--data", "{not json"], "--data is not valid JSON"),
        (["--data", "@/nonexistent/body.json"], "--data: cannot read"),
        (["--data", "userId=7"], "--data takes @FILE"),
        (["--set", "chargingProfile.nope=1"], "--set chargingProfile.nope: unknown field"),
        (["--set", "chargingProfile.chargingProfileKind=Sometimes"], "is not one of"),
    ],
)
def test_bodies_that_do_not_fit_the_model_fail_before_any_request(
    served: Callable[..., Served], cli: Callable[..., Result], arguments: list[str], message: str
) -> None:
    app = served(network=True)
    result = cli(app, "charge-points", "start-charging-session", "1", "1", *arguments)
    assert result.code == 2, result.err
    assert message in result.err
    assert app.requests == []


def test_a_required_body_must_be_given(served: Callable[..., Served], cli: Callable[..., Result]) -> None:
    app = served()
    result = cli(app, "charge-point-vendors", "create")
    assert result.code == 2
    assert "needs a request body" in result.err
    result = cli(app, "charge-point-vendors", "create", "--set", "id=5")
    assert result.code == 2
    assert "required field missing in ChargePointVendor" in result.err
    assert app.requests == []


def test_nested_fields_are_set_with_dots_and_checked_down_to_the_leaves(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(network=True)
    start = ["charge-points", "start-charging-session", "1", "1", "--set", "userId=3"]
    incomplete = cli(app, *start, "--set", "chargingProfile.chargingProfileKind=Absolute")
    assert incomplete.code == 2
    assert "body $.chargingProfile.stackLevel: required field missing" in incomplete.err
    assert app.requests == []

    schedule = {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16}]}
    result = cli(
        app, *start,
        "--set", "chargingProfile.chargingProfileKind=Absolute",
        "--set", "chargingProfile.chargingProfilePurpose=TxProfile",
        "--set", "charging_profile.stack_level=2",
        "--set", "chargingProfile.chargingSchedule:=" + json.dumps(schedule),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert sent(app, START) == {
        "userId": 3,
        "chargingProfile": {
            "chargingProfileKind": "Absolute",
            "chargingProfilePurpose": "TxProfile",
            "stackLevel": 2,
            "chargingSchedule": schedule,
        },
    }
