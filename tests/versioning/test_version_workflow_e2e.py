"""End to end: add a synthetic 3.111.0, diff it, build both releases, install each in its own venv.

3.111.0 is 3.110.0 with one operation added, one removed, one enum value added and one required
parameter added (``versioning_support.synthetic_release``). Everything runs on a temporary copy of
the checkout and a temporary spec store, through the real scripts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from versioning_support import (
    ADDED_PATH,
    ENUM_PATH,
    REMOVED,
    REQUIRED_PARAM_PATH,
    SYNTHETIC_VERSION,
    run_script,
    synthetic_release,
    write_json,
)

JSON = dict[str, Any]
REPO = Path(__file__).resolve().parents[2]
BASE = "3.110.0"
KEPT = {
    "target": f"$.paths['{REQUIRED_PARAM_PATH}'].get",
    "description": "e2e: still applies to 3.111.0",
    "update": {"summary": "Currencies / Listing"},
}
STALE = {
    "target": f"$.paths['{REMOVED[1]}'].delete",
    "description": "e2e: fixes an operation 3.111.0 removes",
    "update": {"summary": "Tax / Delete"},
}


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def change_rows(api_diff_json: str) -> set[tuple[str, str, str, bool, str, str]]:
    return {
        (c["kind"], c["method"], c["path"], c["breaking"], c["operation_id"], c["location"])
        for c in json.loads(api_diff_json)["changes"]
    }


def add_test_actions(overlay_path: Path) -> None:
    """Extend the checkout copy's 3.110.0 overlay with one action that survives and one that does not."""
    if overlay_path.is_file():
        overlay = yaml.safe_load(overlay_path.read_text(encoding="utf-8"))
    else:
        overlay = {"overlay": "1.0.0", "info": {"title": "fixes", "version": BASE}, "actions": []}
    overlay["actions"] += [KEPT, STALE]
    overlay_path.write_text(yaml.safe_dump(overlay, sort_keys=False), encoding="utf-8")


def build_in_parallel(checkout: Path, store: Path, dist: Path, versions: list[str]) -> dict[str, JSON]:
    """``scripts/build <v> --smoke`` for each version at once; returns each smoke report."""
    running = {}
    for version in versions:
        command = [
            "bash",
            str(checkout / "scripts" / "build"),
            version,
            "--dist",
            str(dist),
            "--store",
            str(store),
            "--smoke",
            "--smoke-report",
            str(dist / f"smoke-{version}.json"),
        ]
        running[version] = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHON": sys.executable},
        )
    reports = {}
    for version, process in running.items():
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, f"scripts/build {version} failed:\n{out}\n{err}"
        assert f"smoke test            452 operations, __api_version__ {version}" in out
        reports[version] = json.loads((dist / f"smoke-{version}.json").read_text(encoding="utf-8"))
    return reports


@pytest.mark.slow
def test_add_diff_build_install(
    repo_copy: Callable[..., Path], spec_store: Path, base_document: JSON, tmp_path: Path
) -> None:
    checkout = repo_copy(with_generated=True)
    add_test_actions(checkout / "openapi" / BASE / "overlay.yaml")
    source = write_json(tmp_path / "upstream" / "public-api-3.111.0.json", synthetic_release(base_document))

    # ---- add-version: store, pin, carry the overlay, regenerate, bump, changelog
    added = run_script(checkout, "add-version", str(source), store=spec_store)
    assert added.returncode == 0, added.stdout + added.stderr
    stale_index = (
        len(yaml.safe_load((checkout / "openapi" / BASE / "overlay.yaml").read_text())["actions"]) - 1
    )
    assert (
        f"dropped action {stale_index}: e2e: fixes an operation 3.111.0 removes -> {STALE['target']}"
        in added.stdout
    )
    assert re.search(r"api changes           2 breaking, \d+ other \(since 3\.110\.0\)", added.stdout)
    stored = spec_store / "ampeco-public-api-3.111.0.json"
    assert stored.read_bytes() == source.read_bytes()
    lock = json.loads((checkout / "openapi" / SYNTHETIC_VERSION / "spec-lock.json").read_text())
    assert lock == {
        "platform_version": SYNTHETIC_VERSION,
        "file": stored.name,
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "upstream_url": source.resolve().as_uri(),
    }
    carried = yaml.safe_load((checkout / "openapi" / SYNTHETIC_VERSION / "overlay.yaml").read_text())
    assert KEPT in carried["actions"] and STALE not in carried["actions"]
    version_text = (checkout / "src" / "ampeco" / "_version.py").read_text()
    assert '__version__ = "3.111.0"' in version_text and '__api_version__ = "3.111.0"' in version_text
    api = checkout / "src" / "ampeco_public_api" / "api"
    assert list(api.rglob("charge_point_ping.py")) and not list(api.rglob("tax_delete.py"))
    changelog = (checkout / "CHANGELOG.md").read_text()
    entry = changelog[changelog.index("## 3.111.0") : changelog.index("## 3.110.0")]
    breaking, other = entry.split("### Breaking changes")[1].split("### Other changes")
    assert f"Operation removed: `DELETE {REMOVED[1]}` (`taxDelete`)" in breaking
    assert (
        f"Parameter added: `GET {REQUIRED_PARAM_PATH}` (`currenciesListing`), query parameter `region`"
        in breaking
    )
    assert f"Operation added: `POST {ADDED_PATH}` (`chargePointPing`)" in other
    assert f"Enum value added: `POST {ENUM_PATH}` (`chargePointChangeAvailability`)" in other
    assert "Dropped, no longer matches this release: e2e: fixes an operation 3.111.0 removes" in entry

    # ---- api-diff: the upstream documents differ by exactly the four synthetic changes ...
    expected = {
        ("operation-added", "POST", ADDED_PATH, False, "chargePointPing", ""),
        ("operation-removed", "DELETE", REMOVED[1], True, "taxDelete", ""),
        (
            "enum-value-added",
            "POST",
            ENUM_PATH,
            False,
            "chargePointChangeAvailability",
            "request body `type`",
        ),
        (
            "parameter-added",
            "GET",
            REQUIRED_PARAM_PATH,
            True,
            "currenciesListing",
            "query parameter `region`",
        ),
    }
    upstream = run_script(
        checkout,
        "api-diff",
        str(spec_store / f"ampeco-public-api-{BASE}.json"),
        str(stored),
        "--format",
        "json",
    )
    assert upstream.returncode == 0, upstream.stderr
    assert change_rows(upstream.stdout) == expected
    # ... and the pinned releases (our overlay applied to both) by those four plus whatever the overlay's
    # fixes add to new shapes (e.g. a documented 422 on an operation that gained a query parameter):
    # never anything else breaking. --fail-on-breaking fails.
    pinned = run_script(
        checkout,
        "api-diff",
        BASE,
        SYNTHETIC_VERSION,
        "--format",
        "json",
        "--fail-on-breaking",
        store=spec_store,
    )
    assert pinned.returncode == 1, pinned.stderr
    rows = change_rows(pinned.stdout)
    assert expected <= rows
    assert json.loads(pinned.stdout)["summary"]["breaking"] == 2

    # ---- build both releases (generated/ stays as add-version left it) and install each in a venv
    generated_before = tree_digest(checkout / "src" / "ampeco_public_api")
    dist = tmp_path / "dist"
    reports = build_in_parallel(checkout, spec_store, dist, [BASE, SYNTHETIC_VERSION])
    assert tree_digest(checkout / "src" / "ampeco_public_api") == generated_before

    old, new = reports[BASE], reports[SYNTHETIC_VERSION]
    assert old["problems"] == [] and new["problems"] == []
    assert (old["api_version"], old["version"]) == (BASE, BASE)
    assert (new["api_version"], new["version"]) == (SYNTHETIC_VERSION, SYNTHETIC_VERSION)
    assert "tax_delete" in old["operations"] and "tax_delete" not in new["operations"]
    assert "charge_point_ping" in new["operations"] and "charge_point_ping" not in old["operations"]
    assert "region" in new["operations"]["currencies_listing"]
    assert "region" not in old["operations"]["currencies_listing"]
    assert len(old["operations"]) == len(new["operations"]) == 452

    # ---- what the distributions carry
    for version in (BASE, SYNTHETIC_VERSION):
        with zipfile.ZipFile(dist / f"ampeco_public_api-{version}-py3-none-any.whl") as wheel:
            names = wheel.namelist()
            mock_specs = {n for n in names if n.startswith("ampeco/mock/_data/")}
            assert mock_specs == {
                f"ampeco/mock/_data/spec-{version}.json.gz",
                f"ampeco/mock/_data/spec-{version}.manifest.json",
            }
            assert not any(n.startswith(("codegen/", "ampeco/_releases/")) for n in names)
            assert f'__api_version__ = "{version}"' in wheel.read("ampeco/_version.py").decode()
            dist_info = f"ampeco_public_api-{version}.dist-info"
            assert wheel.read(f"{dist_info}/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()
            metadata = wheel.read(f"{dist_info}/METADATA").decode()
            assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
            assert "Project-URL: Documentation, https://developers.ampeco.com/" in metadata
            for python in ("3.11", "3.12", "3.13"):
                assert f"Classifier: Programming Language :: Python :: {python}" in metadata
            runtime = [
                line
                for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line
            ]
            assert runtime and not any("dateutil" in line for line in runtime), runtime
        with tarfile.open(dist / f"ampeco_public_api-{version}.tar.gz") as sdist:
            prefix = f"ampeco_public_api-{version}"
            header = sdist.extractfile(f"{prefix}/src/ampeco_public_api/__init__.py")
            assert header is not None and f"platform release {version}." in header.read().decode()
            assert f"{prefix}/CHANGELOG.md" in sdist.getnames()
            for name in ("LICENSE", "examples/webhooks_starlette.py", "examples/webhooks_wsgi.py"):
                assert f"{prefix}/{name}" in sdist.getnames(), name
