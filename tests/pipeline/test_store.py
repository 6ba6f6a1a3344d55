"""Spec store: documents are read in place and refused unless their sha256 matches the lock."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from codegen.spec import SpecChecksumError, SpecStoreError, find_release, spec_store_dir
from codegen.spec.release import LOCK_FILE, SpecLock


def _pin(tmp_path: Path, content: bytes, sha: str | None = None) -> Path:
    store = tmp_path / "store"
    store.mkdir()
    (store / "ampeco-public-api-9.9.9.json").write_bytes(content)
    releases = tmp_path / "openapi" / "9.9.9"
    releases.mkdir(parents=True)
    lock = SpecLock(
        "9.9.9", "ampeco-public-api-9.9.9.json", sha or hashlib.sha256(content).hexdigest(), "file:x"
    )
    (releases / LOCK_FILE).write_text(lock.to_json())
    return store


def test_a_pinned_document_loads_from_the_store(tmp_path: Path) -> None:
    body = json.dumps({"openapi": "3.0.0", "paths": {}}).encode()
    store = _pin(tmp_path, body)
    release = find_release("9.9.9", tmp_path / "openapi")
    assert release.load_upstream(store) == {"openapi": "3.0.0", "paths": {}}


def test_a_wrong_checksum_is_a_clear_error(tmp_path: Path) -> None:
    store = _pin(tmp_path, b"{}", sha="0" * 64)
    release = find_release("9.9.9", tmp_path / "openapi")
    with pytest.raises(SpecChecksumError, match=r"checksum mismatch.*lock file pins sha256 0000"):
        release.load_upstream(store)


def test_unknown_versions_and_missing_files_name_what_is_missing(tmp_path: Path) -> None:
    store = _pin(tmp_path, b"{}")
    with pytest.raises(SpecStoreError, match=r"'1\.2\.3' is not pinned.*9\.9\.9"):
        find_release("1.2.3", tmp_path / "openapi")
    (store / "ampeco-public-api-9.9.9.json").unlink()
    with pytest.raises(SpecStoreError, match="not in the spec store"):
        find_release("9.9.9", tmp_path / "openapi").load_upstream(store)


def test_the_store_location_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPECO_SPEC_STORE", str(tmp_path))
    assert spec_store_dir() == tmp_path
    monkeypatch.setenv("AMPECO_SPEC_STORE", str(tmp_path / "nope"))
    with pytest.raises(SpecStoreError, match=r"AMPECO_SPEC_STORE.*not a directory"):
        spec_store_dir()


def test_the_real_pin_matches_the_store() -> None:
    release = find_release("3.110.0")
    assert release.lock.sha256 == "3554fe4d4c50eee2e4eaa2be830150e65e79e95dda6a961688cd0d7c75c48c11"
    assert release.load_upstream()["info"]["version"] == "3.110.0"
