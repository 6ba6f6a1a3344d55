"""scripts/add-version on a temporary copy of the checkout and a temporary spec store.

These runs stay fast: they add releases *older* than the newest pinned one (pinned and
changelogged, no regeneration) or fail before generating. The newest-release path, with
regeneration and the version bump, is the end-to-end test.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from versioning_support import (
    REMOVED,
    REQUIRED_PARAM_PATH,
    derive,
    run_script,
    serve_directory,
    with_version,
    write_json,
)

from codegen.errors import (
    SpecFetchError,
    SpecVersionError,
    StoreConflictError,
    StoreWriteError,
    VersionAlreadyPinnedError,
)
from codegen.layout import LayoutError, RepoLayout
from codegen.release.add_version import add_version
from codegen.spec.release import SpecLock
from codegen.spec.source import SpecSourceError
from codegen.spec.store import SpecChecksumError, sha256_of

REPO = Path(__file__).resolve().parents[2]
JSON = dict[str, Any]
KEPT = {
    "target": f"$.paths['{REQUIRED_PARAM_PATH}'].get",
    "description": "Say what the listing returns",
    "update": {"description": "All currencies of the tenant."},
}
STALE = {
    "target": f"$.paths['{REMOVED[1]}'].delete",
    "description": "Document what deleting a tax does",
    "update": {"description": "Deletes the tax."},
}


@pytest.fixture
def checkout(repo_copy: Callable[..., Path]) -> RepoLayout:
    return RepoLayout.at(repo_copy())


def quiet(_: str) -> None:
    pass


def test_backfilled_releases_from_urls(
    checkout: RepoLayout, spec_store: Path, base_document: JSON, tmp_path: Path
) -> None:
    served = tmp_path / "served"
    write_json(served / "v3100.json", with_version(base_document, "3.100.0"))
    write_json(
        served / "v3105.json",
        derive(
            base_document,
            {"target": "$.info", "update": {"version": "3.105.0"}},
            {"target": f"$.paths['{REMOVED[1]}'].delete", "remove": True},
        ),
    )
    version_before = checkout.version_file.read_text(encoding="utf-8")
    with serve_directory(served) as url:
        first = run_script(
            REPO,
            "add-version",
            f"{url}/v3100.json",
            "--repo-root",
            str(checkout.root),
            "--store",
            str(spec_store),
        )
        assert first.returncode == 0, first.stderr
        assert (
            "version               unchanged: 3.100.0 is older than the newest pinned release" in first.stdout
        )
        lock = SpecLock.read(checkout.openapi_dir / "3.100.0" / "spec-lock.json")
        assert lock == SpecLock(
            "3.100.0", "ampeco-public-api-3.100.0.json", sha256_of(served / "v3100.json"), f"{url}/v3100.json"
        )
        assert (spec_store / lock.file).read_bytes() == (served / "v3100.json").read_bytes()
        assert not (checkout.openapi_dir / "3.100.0" / "overlay.yaml").exists()  # nothing older to carry
        assert "Oldest pinned release: nothing older to compare with." in checkout.changelog.read_text()

        # 3.100.0 gets an overlay; 3.105.0 removes the operation one of its actions fixes.
        overlay = {"overlay": "1.0.0", "info": {"title": "fixes", "version": "1"}, "actions": [KEPT, STALE]}
        (checkout.openapi_dir / "3.100.0" / "overlay.yaml").write_text(
            yaml.safe_dump(overlay), encoding="utf-8"
        )
        second = run_script(
            REPO,
            "add-version",
            f"{url}/v3105.json",
            "--repo-root",
            str(checkout.root),
            "--store",
            str(spec_store),
            "--upstream-url",
            "https://example.test/3.105.0.json",
        )
    assert second.returncode == 0, second.stderr
    assert "2 actions from 3.100.0: 1 still apply (kept), 1 no longer match (dropped)" in second.stdout
    assert f"dropped action 1: Document what deleting a tax does -> {STALE['target']}" in second.stdout
    assert SpecLock.read(checkout.openapi_dir / "3.105.0" / "spec-lock.json").upstream_url == (
        "https://example.test/3.105.0.json"
    )
    carried_text = (checkout.openapi_dir / "3.105.0" / "overlay.yaml").read_text(encoding="utf-8")
    assert carried_text.startswith(
        "# Carried over from 3.100.0 by scripts/add-version. Dropped (no longer match):"
    )
    assert yaml.safe_load(carried_text)["actions"] == [KEPT]

    changelog = checkout.changelog.read_text(encoding="utf-8")
    assert changelog.index("## 3.110.0") < changelog.index("## 3.105.0") < changelog.index("## 3.100.0")
    entry = changelog[changelog.index("## 3.105.0") : changelog.index("## 3.100.0")]
    assert (
        "API changes since 3.100.0: 452 -> 451 operations; **1 breaking change**, 0 other changes." in entry
    )
    assert f"- Operation removed: `DELETE {REMOVED[1]}` (`taxDelete`)" in entry
    assert "Dropped, no longer matches this release: Document what deleting a tax does" in entry
    assert checkout.version_file.read_text(encoding="utf-8") == version_before


# ------------------------------------------------------------------ errors, each named


def test_bad_url_scheme(checkout: RepoLayout, spec_store: Path) -> None:
    with pytest.raises(SpecFetchError, match=r"bad spec URL 'ftp://example\.test/spec\.json'"):
        add_version("ftp://example.test/spec.json", checkout, spec_store, say=quiet)


def test_url_that_answers_404(checkout: RepoLayout, spec_store: Path, tmp_path: Path) -> None:
    with serve_directory(tmp_path) as url, pytest.raises(SpecFetchError, match=r"HTTP 404"):
        add_version(f"{url}/missing.json", checkout, spec_store, say=quiet)


def test_unreachable_url(checkout: RepoLayout, spec_store: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(
        SpecFetchError, match=rf"cannot fetch spec from http://127\.0\.0\.1:{port}/spec\.json"
    ):
        add_version(f"http://127.0.0.1:{port}/spec.json", checkout, spec_store, say=quiet)


def test_missing_file(checkout: RepoLayout, spec_store: Path, tmp_path: Path) -> None:
    with pytest.raises(SpecFetchError, match=r"spec file .*nope\.json does not exist"):
        add_version(str(tmp_path / "nope.json"), checkout, spec_store, say=quiet)


def test_not_a_spec(checkout: RepoLayout, spec_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html>: [not yaml", encoding="utf-8")
    with pytest.raises(SpecSourceError, match=r"page\.html is neither JSON nor YAML"):
        add_version(str(path), checkout, spec_store, say=quiet)


@pytest.mark.parametrize("info", [{"title": "t"}, {"title": "t", "version": "latest"}, None])
def test_spec_without_platform_version(
    checkout: RepoLayout, spec_store: Path, tmp_path: Path, base_document: JSON, info: JSON | None
) -> None:
    document = {key: value for key, value in base_document.items() if key != "info"}
    if info is not None:
        document["info"] = info
    path = write_json(tmp_path / "spec.json", document)
    with pytest.raises(SpecVersionError, match=r"spec\.json has no usable info\.version"):
        add_version(str(path), checkout, spec_store, say=quiet)
    assert sorted(p.name for p in spec_store.iterdir()) == ["ampeco-public-api-3.110.0.json"]


def test_version_already_pinned(
    checkout: RepoLayout, spec_store: Path, tmp_path: Path, base_document: JSON
) -> None:
    path = write_json(tmp_path / "spec.json", base_document)
    with pytest.raises(VersionAlreadyPinnedError, match=r"platform release 3\.110\.0 is already pinned"):
        add_version(str(path), checkout, spec_store, say=quiet)


def test_store_holding_a_different_document(
    checkout: RepoLayout, spec_store: Path, tmp_path: Path, base_document: JSON
) -> None:
    (spec_store / "ampeco-public-api-3.105.0.json").write_text("{}", encoding="utf-8")
    path = write_json(tmp_path / "spec.json", with_version(base_document, "3.105.0"))
    with pytest.raises(
        StoreConflictError, match=r"checksum mismatch: the spec store already holds"
    ) as caught:
        add_version(str(path), checkout, spec_store, say=quiet)
    assert isinstance(caught.value, SpecChecksumError)
    assert not (checkout.openapi_dir / "3.105.0").exists()
    assert (spec_store / "ampeco-public-api-3.105.0.json").read_text(encoding="utf-8") == "{}"


def test_not_a_checkout(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match=r"is not an ampeco-public-api checkout"):
        RepoLayout.at(tmp_path)


def test_failed_regeneration_rolls_back(checkout: RepoLayout, spec_store: Path, tmp_path: Path) -> None:
    """A newest release the generator rejects leaves the checkout as it was (the store keeps the file)."""
    broken = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "3.200.0"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": "getX",
                    "responses": {"200": {"description": "ok"}},
                    "parameters": [
                        {"in": "path", "name": "id", "required": True, "schema": {"type": "integer"}}
                    ],
                }
            }
        },
    }
    path = write_json(tmp_path / "broken.json", broken)
    before = {p: p.read_bytes() for p in (checkout.version_file, checkout.changelog)}
    result = run_script(checkout.root, "add-version", str(path), store=spec_store)
    assert result.returncode == 2
    assert "RegenerationError: scripts/regenerate --version 3.200.0 failed" in result.stderr
    assert "rolled back           removed" in result.stdout
    assert not (checkout.openapi_dir / "3.200.0").exists()
    assert {p: p.read_bytes() for p in before} == before
    assert (spec_store / "ampeco-public-api-3.200.0.json").is_file()
    json.loads((spec_store / "ampeco-public-api-3.200.0.json").read_text(encoding="utf-8"))


def test_unwritable_store(checkout: RepoLayout, tmp_path: Path, base_document: JSON) -> None:
    not_a_directory = tmp_path / "store-file"
    not_a_directory.write_text("", encoding="utf-8")
    path = write_json(tmp_path / "spec.json", with_version(base_document, "3.105.0"))
    with pytest.raises(
        StoreWriteError, match=r"cannot write ampeco-public-api-3\.105\.0\.json into the spec store"
    ):
        add_version(str(path), checkout, not_a_directory, say=quiet)
    assert not (checkout.openapi_dir / "3.105.0").exists()


def test_yaml_spec_is_stored_as_json(checkout: RepoLayout, spec_store: Path, tmp_path: Path) -> None:
    """Upstream publishes YAML; the store holds JSON, pinned by the checksum of what was stored."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "AMPECO", "version": "3.50.0"},
        "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "ok"}}}}},
    }
    source = tmp_path / "public-api.yaml"
    source.write_text(yaml.safe_dump(document), encoding="utf-8")
    added = add_version(str(source), checkout, spec_store, say=quiet)
    stored = spec_store / "ampeco-public-api-3.50.0.json"
    assert json.loads(stored.read_text(encoding="utf-8")) == document
    assert added.lock.sha256 == sha256_of(stored) and added.lock.upstream_url == source.resolve().as_uri()
    assert (added.newest, added.previous, added.diff) == (False, None, None)
