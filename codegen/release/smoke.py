"""Install a built wheel into a fresh virtual environment and look at what a user would import.

The probe runs *inside* the venv (its own interpreter, cwd outside any checkout) and reports the
versions, where ``ampeco`` was imported from, and each generated operation module with the
parameters its ``sync_detailed`` requires. The checks compare that with the release's spec.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.errors import BuildError

PROBE = r"""
import importlib, inspect, json, pkgutil, sys
import ampeco, ampeco_public_api.api as api
from importlib import resources
operations = {}
for info in pkgutil.walk_packages(api.__path__, api.__name__ + "."):
    if info.ispkg:
        continue
    module = importlib.import_module(info.name)
    function = getattr(module, "sync_detailed", None)
    if function is None:
        continue
    required = [
        name for name, p in inspect.signature(function).parameters.items()
        if p.default is inspect.Parameter.empty and name != "client"
    ]
    operations[info.name.rsplit(".", 1)[1]] = required
print(json.dumps({
    "version": ampeco.__version__,
    "api_version": ampeco.__api_version__,
    "ampeco_file": ampeco.__file__,
    "generated_file": api.__file__,
    "mock_specs": sorted(
        p.name
        for p in resources.files("ampeco").joinpath("mock", "_data").iterdir()
        if p.name.endswith(".json.gz")
    ),
    "operations": operations,
}))
"""


@dataclass
class Probe:
    """What the installed wheel showed."""

    version: str
    api_version: str
    ampeco_file: str
    generated_file: str
    mock_specs: list[str]
    operations: dict[str, list[str]] = field(default_factory=dict)  # module -> required parameters


def _run(command: list[str], what: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    completed = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, check=False)
    if completed.returncode != 0:
        raise BuildError(
            f"{what} failed (exit {completed.returncode}):\n{completed.stdout}{completed.stderr}"
        )
    return completed.stdout


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_and_probe(wheel: Path, venv: Path, offline: bool = False) -> Probe:
    """A fresh venv at ``venv`` with ``wheel`` installed (dependencies from PyPI unless ``offline``).

    Offline, the venv sees the system site-packages for the dependencies and the wheel is installed
    without them; the probe still requires ``ampeco`` to come from the venv itself.
    """
    # No pip inside the venv (creating it is most of a venv's cost): this interpreter's pip installs into it.
    create = [sys.executable, "-m", "venv", "--without-pip", str(venv)]
    if offline:
        create.append("--system-site-packages")
    _run(create, f"python -m venv {venv}", venv.parent)
    python = venv_python(venv)
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    install += ["--disable-pip-version-check", str(wheel)]
    if offline:
        install += ["--no-deps", "--no-index"]
    _run(install, f"pip install {wheel.name}", venv.parent)
    output = _run([str(python), "-I", "-c", PROBE], f"importing {wheel.name} in {venv}", venv.parent)
    data: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return Probe(**data)


def check_probe(probe: Probe, venv: Path, api_version: str, expected_operations: set[str]) -> list[str]:
    """Problems found (empty: the wheel is what the release should produce)."""
    problems: list[str] = []
    if probe.api_version != api_version:
        problems.append(f"ampeco.__api_version__ is {probe.api_version!r}, expected {api_version!r}")
    if probe.mock_specs != [f"spec-{api_version}.json.gz"]:
        expected = f"spec-{api_version}.json.gz"
        problems.append(f"the wheel carries mock specs {probe.mock_specs}, expected {expected}")
    for name, location in (("ampeco", probe.ampeco_file), ("ampeco_public_api", probe.generated_file)):
        if not Path(location).resolve().is_relative_to(venv.resolve()):
            problems.append(f"{name} was imported from {location}, not from the venv {venv}")
    found = set(probe.operations)
    for module in sorted(expected_operations - found):
        problems.append(f"operation module missing from the wheel: {module}")
    for module in sorted(found - expected_operations):
        problems.append(f"operation module not in the spec: {module}")
    return problems
