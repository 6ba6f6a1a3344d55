"""Fixtures for the version workflow: a temporary spec store, a temporary copy of the checkout.

Nothing here writes to the real checkout or to the real spec store (which is read-only): every
test that adds a release works on a copy made by ``repo_copy`` and a store made by ``spec_store``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen.spec.store import spec_store_dir

REPO = Path(__file__).resolve().parents[2]

BASE_VERSION = "3.110.0"
BASE_FILE = f"ampeco-public-api-{BASE_VERSION}.json"
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ampeco_public_api.*", ".pytest_cache", "_data")


def copy_checkout(target: Path, *, with_generated: bool) -> Path:
    """The parts of the checkout the workflow reads and writes, copied under ``target``."""
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "generator-config.yaml"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target / name)
    for name in ("codegen", "scripts", "templates", "openapi", "examples"):
        shutil.copytree(REPO / name, target / name, ignore=_IGNORE)
    shutil.copytree(REPO / "src" / "ampeco", target / "src" / "ampeco", ignore=_IGNORE)
    if with_generated:
        generated = REPO / "src" / "ampeco_public_api"
        shutil.copytree(generated, target / "src" / "ampeco_public_api", ignore=_IGNORE)
    return target


@pytest.fixture(scope="session")
def real_store() -> Path:
    return spec_store_dir()


@pytest.fixture(scope="session")
def base_document(real_store: Path) -> dict[str, Any]:
    """The upstream 3.110.0 document (read only; tests deep-copy before changing it)."""
    document: dict[str, Any] = json.loads((real_store / BASE_FILE).read_text(encoding="utf-8"))
    return document


@pytest.fixture
def spec_store(tmp_path: Path, real_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable spec store holding a copy of the 3.110.0 document; AMPECO_SPEC_STORE points at it."""
    store = tmp_path / "store"
    store.mkdir()
    shutil.copy2(real_store / BASE_FILE, store / BASE_FILE)
    monkeypatch.setenv("AMPECO_SPEC_STORE", str(store))
    return store


@pytest.fixture
def repo_copy(tmp_path: Path) -> Callable[..., Path]:
    def make(*, with_generated: bool = False) -> Path:
        return copy_checkout(tmp_path / "checkout", with_generated=with_generated)

    return make


@pytest.fixture(autouse=True, scope="session")
def real_checkout_untouched() -> Iterator[None]:
    """Fail the session if any test changed the real pins, version file or changelog."""
    watched = [REPO / "src" / "ampeco" / "_version.py", REPO / "CHANGELOG.md"]
    before = {path: path.read_bytes() for path in watched if path.is_file()}
    releases = sorted(p.name for p in (REPO / "openapi").iterdir())
    yield
    assert {path: path.read_bytes() for path in watched if path.is_file()} == before
    assert sorted(p.name for p in (REPO / "openapi").iterdir()) == releases
