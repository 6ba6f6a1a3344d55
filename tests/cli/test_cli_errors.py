"""Errors on stderr with the exit code of their class, configuration from the environment or a token
file, and the token never in any output."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from ampeco.cli._exit import ExitCode
from tests.cli.conftest import TOKEN, Result, Served, run_cli, run_process, subprocess_env

DISCONNECT = "/public-api/actions/charge-point/v1.0/1/disconnect"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_422_prints_every_field_error_and_exits_with_the_api_error_code(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(network=True)
    result = cli(app, "charge-points", "disconnect", "1", "--set", "reason=" + "x" * 300)
    assert result.code == ExitCode.API == 4
    assert result.out == ""
    assert "returned 422 Unprocessable Entity" in result.err
    assert "\n  reason: The reason field is invalid" in result.err  # each field error on its own line
    assert [seen.path for seen in app.requests] == [DISCONNECT]


@pytest.mark.parametrize(
    ("arguments", "status"),
    [(["charge-points", "read", "999999"], "404 Not Found"), (["cdrs", "read", "424242"], "404 Not Found")],
)
def test_api_errors_exit_with_4(
    served: Callable[..., Served], cli: Callable[..., Result], arguments: list[str], status: str
) -> None:
    result = cli(served(auto_records=1), *arguments)
    assert result.code == 4
    assert status in result.err


def test_a_wrong_token_is_an_api_error_that_never_shows_either_token(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    wrong = "wrong-token-9d8c7b6a5f4e"
    result = cli(served(), "cdrs", "list", token=wrong)
    assert result.code == 4
    assert "401 Unauthorized" in result.err
    assert wrong not in result.output and TOKEN not in result.output


def test_a_refused_connection_exits_with_5(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"AMPECO_BASE_URL": f"http://127.0.0.1:{closed_port()}", "AMPECO_API_TOKEN": TOKEN}
    result = run_cli(["--max-retries", "0", "charge-points", "read", "1"], monkeypatch, env=env)
    assert result.code == ExitCode.CONNECTION == 5
    assert "Connection refused" in result.err or "connect" in result.err.lower()
    assert TOKEN not in result.output


def test_a_timeout_exits_with_5(served: Callable[..., Served], cli: Callable[..., Result]) -> None:
    app = served(auto_records=2)
    app.tenant.faults.latency("cdrsListing", seconds=2)
    result = cli(app, "--timeout", "0.3", "--max-retries", "0", "cdrs", "list")
    assert result.code == 5
    assert "timed out" in result.err


@pytest.mark.parametrize(
    ("env", "arguments", "message"),
    [
        ({"AMPECO_API_TOKEN": TOKEN}, [], "AMPECO_BASE_URL"),
        ({"AMPECO_BASE_URL": "https://acme.ampeco.tech"}, [], "AMPECO_API_TOKEN"),
        ({"AMPECO_BASE_URL": "http://acme.ampeco.tech", "AMPECO_API_TOKEN": TOKEN}, [], "https://"),
        ({}, ["--base-url", "https://acme.ampeco.tech", "--token-file", "/nonexistent/token"], "cannot read"),
    ],
)
def test_configuration_errors_exit_with_3(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], arguments: list[str], message: str
) -> None:
    result = run_cli([*arguments, "charge-points", "read", "1"], monkeypatch, env=env)
    assert result.code == ExitCode.CONFIGURATION == 3
    assert message in result.err
    assert TOKEN not in result.output


def test_the_token_is_read_from_a_token_file(
    served: Callable[..., Served], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = served(auto_records=2)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    result = run_cli(["--base-url", app.url, "--token-file", str(token_file), "cdrs", "list"], monkeypatch)
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 2
    token_file.write_text("\n")
    result = run_cli(["--base-url", app.url, "--token-file", str(token_file), "cdrs", "list"], monkeypatch)
    assert result.code == 3 and "is empty" in result.err


@pytest.mark.parametrize("form", [["--token", TOKEN], [f"--token={TOKEN}"]])
def test_a_token_on_the_command_line_is_refused_without_echoing_it(
    cli: Callable[..., Result], form: list[str]
) -> None:
    result = cli(None, *form, "cdrs", "list")
    assert result.code == 2
    assert "never taken as an argument" in result.err and "AMPECO_API_TOKEN" in result.err
    assert TOKEN not in result.output


def test_the_token_never_appears_in_any_output(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path
) -> None:
    """Every kind of run: success (object, listing, every format), API errors, usage errors, help."""
    app = served(network=True, auto_records=3)
    runs = [
        ["charge-points", "list", "--limit", "2"],
        ["charge-points", "list", "--format", "csv"],
        ["charge-points", "list", "--format", "table"],
        ["charge-points", "read", "1"],
        ["charge-points", "read", "999999"],
        ["charge-points", "disconnect", "1", "--set", "reason=" + "x" * 300],
        ["charge-points", "disconnect", "1", "--set", "nope=1"],
        ["--max-retries", "0", "--timeout", "0.2", "cdrs", "read", "1"],
        ["cdrs", "list", "--filter", "nope=1"],
        ["cdrs", "list", "--help"],
        ["--help"],
        ["--version"],
    ]
    app.tenant.faults.latency("cdrRead", seconds=1)
    outputs = [cli(app, *arguments) for arguments in runs]
    assert {result.code for result in outputs} == {0, 2, 4, 5}
    for arguments, result in zip(runs, outputs, strict=True):
        assert TOKEN not in result.output, arguments


def test_the_token_never_appears_in_a_child_process_output(served: Callable[..., Served]) -> None:
    app = served(auto_records=2)
    completed = run_process(["cdrs", "list"], subprocess_env(app))
    assert completed.returncode == 0
    failed = run_process(["--max-retries", "0", "cdrs", "read", "999"], subprocess_env(app))
    assert failed.returncode == 4
    for output in (completed.stdout, completed.stderr, failed.stdout, failed.stderr):
        assert TOKEN not in output
