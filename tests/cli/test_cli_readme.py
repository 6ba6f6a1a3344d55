"""The README's command-line example runs as written, against the mock tenant."""

from __future__ import annotations

import csv
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result, Served

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands() -> list[list[str]]:
    (block,) = [
        block for block in re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL) if "ampeco cdrs" in block
    ]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.startswith("ampeco ")]


def test_every_readme_command_is_a_valid_command(cli: Callable[..., Result]) -> None:
    assert len(commands()) >= 3
    for command in commands():
        result = cli(None, *command[1:], "--help")
        assert result.code == 0, (command, result.err)


def test_the_readme_export_writes_the_csv(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (export,) = [command for command in commands() if command[1:3] == ["cdrs", "list"]]
    app = served(auto_records=12)
    monkeypatch.chdir(tmp_path)
    result = cli(app, *export[1:])
    assert result.code == 0, result.err
    rows = list(csv.DictReader((tmp_path / "cdrs.csv").open(newline="", encoding="utf-8")))
    assert rows and all(row["startTime"] for row in rows)
    assert app.requests
    assert all("filter[startDateTimeFrom]=2024-05-01T00:00:00+00:00" in seen.query for seen in app.requests)
