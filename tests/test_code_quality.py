"""The runtime, the codegen package and the generated package are `mypy --strict` clean; ruff finds nothing.

These run the real tools with the project's configuration (pyproject.toml), so a type or lint
regression fails the suite the same way a broken test does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HAND_WRITTEN = ["src/ampeco", "codegen", "tests", "benchmarks", "examples"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_mypy_strict_on_the_hand_written_and_generated_packages(tmp_path: Path) -> None:
    completed = _run(
        "mypy", "--cache-dir", str(tmp_path), "-p", "ampeco", "-p", "ampeco_public_api", "-p", "codegen"
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_ruff_on_the_hand_written_code() -> None:
    completed = _run("ruff", "check", *HAND_WRITTEN)
    assert completed.returncode == 0, completed.stdout + completed.stderr
