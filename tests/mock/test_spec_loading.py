"""Where the mock's spec comes from: the packaged artifact (checksum verified), or an explicit file
(``spec_path=``, ``$AMPECO_MOCK_SPEC``) that overrides it; every failure is a ``MockSpecError`` saying why."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from ampeco import __api_version__
from ampeco.mock import MockSpecError, MockTenant, _loader, http_client, load_mock_spec

TINY = {
    "openapi": "3.0.3",
    "info": {"title": "tiny", "version": "0.0.1-tiny"},
    "paths": {
        "/public-api/things/v1.0": {
            "get": {
                "operationId": "thingsListing",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["data"],
                                    "properties": {"data": {"type": "array", "items": {"type": "string"}}},
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}


@pytest.fixture
def tiny_spec(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json.gz"
    path.write_bytes(gzip.compress(json.dumps(TINY).encode()))
    return path


def test_packaged_spec_is_the_pinned_release_and_matches_its_manifest() -> None:
    spec = load_mock_spec()
    assert spec.version == __api_version__
    assert len(spec.index) > 400
    assert load_mock_spec(__api_version__) is spec  # one load per release, however it is asked for


def test_a_damaged_packaged_spec_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "_data"
    shutil.copytree(_loader._data_dir(), copy)
    manifest = copy / f"spec-{__api_version__}.manifest.json"
    recorded = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**recorded, "sha256": "0" * 64}))
    monkeypatch.setattr(_loader, "_data_dir", lambda: copy)
    with pytest.raises(MockSpecError, match="is damaged"):
        _loader._packaged_document(__api_version__)


def test_a_release_the_package_does_not_carry_says_what_to_do() -> None:
    with pytest.raises(MockSpecError) as raised:
        load_mock_spec("1.0.0")
    message = str(raised.value)
    assert "carries no mock spec for platform release 1.0.0" in message
    assert f"it carries: {__api_version__}" in message
    assert "AMPECO_MOCK_SPEC" in message and "AMPECO_SPEC_STORE is read then, at build time" in message


def test_spec_path_overrides_the_packaged_spec(tiny_spec: Path) -> None:
    tenant = MockTenant(spec_path=str(tiny_spec), network=False)
    assert tenant.platform_version == "0.0.1-tiny"
    with http_client(tenant) as client:
        assert client.get("/public-api/things/v1.0").status_code == 200
        assert client.get("/public-api/resources/charge-points/v2.0").status_code == 404


def test_environment_overrides_even_after_the_packaged_spec_was_loaded(
    tiny_spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_mock_spec().version == __api_version__
    monkeypatch.setenv(_loader.MOCK_SPEC_ENV, str(tiny_spec))
    assert load_mock_spec().version == "0.0.1-tiny"
    monkeypatch.delenv(_loader.MOCK_SPEC_ENV)
    assert load_mock_spec().version == __api_version__


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not json", "is not a JSON document"), (json.dumps({"openapi": "3.0.3"}).encode(), "no 'paths'")],
)
def test_an_explicit_file_that_is_no_spec(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "spec.json"
    path.write_bytes(content)
    with pytest.raises(MockSpecError, match=message):
        load_mock_spec(spec_path=str(path))


def test_an_explicit_file_that_is_missing(tmp_path: Path) -> None:
    with pytest.raises(MockSpecError, match="cannot read the mock spec"):
        MockTenant(spec_path=str(tmp_path / "missing.json"))
