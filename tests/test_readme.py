"""The README's Python examples run as written (pointed at a mock tenant instead of a real one)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ampeco.mock import DEFAULT_TOKEN, MockTenant
from ampeco.mock.demo import serve

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def _block(marker: str) -> str:
    found = [block for block in BLOCKS if marker in block]
    assert len(found) == 1, f"README has {len(found)} python blocks containing {marker!r}"
    return found[0]


def test_the_quick_start_runs_against_a_tenant(monkeypatch: pytest.MonkeyPatch) -> None:
    code = _block("with ampeco.Client(")
    code = code.replace('ampeco.Client("acme.ampeco.tech", token="...")', "ampeco.Client()")
    assert "ampeco.Client()" in code, "the quick start no longer opens its client the way this test expects"
    with serve(MockTenant(seed=0, token=DEFAULT_TOKEN)) as base_url:
        monkeypatch.setenv("AMPECO_BASE_URL", base_url)
        monkeypatch.setenv("AMPECO_API_TOKEN", DEFAULT_TOKEN)
        namespace: dict[str, object] = {}
        exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["charge_point"] is not None


def test_the_opening_example_runs_against_a_tenant(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _block("client = ampeco.Client(")
    assert len([line for line in code.splitlines() if line.strip()]) <= 5
    code = code.replace('ampeco.Client("acme.ampeco.tech", token="...")', "ampeco.Client()")
    assert "ampeco.Client()" in code, (
        "the opening example no longer opens its client the way this test expects"
    )
    with serve(MockTenant(seed=0, token=DEFAULT_TOKEN)) as base_url:
        monkeypatch.setenv("AMPECO_BASE_URL", base_url)
        monkeypatch.setenv("AMPECO_API_TOKEN", DEFAULT_TOKEN)
        namespace: dict[str, Any] = {}
        exec(compile(code, "README.md", "exec"), namespace)
        namespace["client"].close()
    printed = capsys.readouterr().out.split()
    assert printed == [str(n) for n in range(1, 7)]  # the seeded network's six charge points


def test_the_fixture_example_passes_in_a_downstream_test_file(tmp_path: Path) -> None:
    (tmp_path / "test_downstream.py").write_text(_block("def test_lists_charge_points(ampeco_mock)"))
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 passed" in completed.stdout
