"""The mock tenant's spec as a build artifact: the pinned release, patched and normalized, gzipped.

Written into ``src/ampeco/mock/_data/`` by the build (``codegen/hatch_build.py``, for wheels, sdists
and editable installs) and by ``scripts/regenerate``; never committed. The manifest beside it records
the checksum of the JSON (the mock verifies it on load) and a fingerprint of every input: the upstream
document's sha256, the overlay and the normalizer's source. A build whose inputs match the manifest
reuses the artifact, so a wheel built from an sdist needs no spec store.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.layout import REPO
from codegen.spec.release import Release, find_release

ARTIFACT_DIR = REPO.runtime_dir / "mock" / "_data"
_NORMALIZER_SOURCES = ("overlay.py", "pipeline.py", "artifact.py", "normalize")


@dataclass(frozen=True)
class MockSpecArtifact:
    version: str
    spec_path: Path
    manifest_path: Path
    written: bool


def artifact_names(version: str) -> tuple[str, str]:
    """(gzipped spec, manifest) file names; the runtime loader uses the same pattern."""
    return f"spec-{version}.json.gz", f"spec-{version}.manifest.json"


def inputs_fingerprint(release: Release) -> str:
    """sha256 over everything the normalized document is derived from."""
    digest = hashlib.sha256()
    digest.update(release.lock.sha256.encode())
    overlay = release.overlay_path
    digest.update(overlay.read_bytes() if overlay.is_file() else b"")
    spec_dir = Path(__file__).resolve().parent
    for name in _NORMALIZER_SOURCES:
        source = spec_dir / name
        for path in sorted(source.glob("*.py")) if source.is_dir() else [source]:
            digest.update(str(path.relative_to(spec_dir)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def ensure_mock_spec(
    directory: Path = ARTIFACT_DIR, version: str | None = None, document: dict[str, Any] | None = None
) -> MockSpecArtifact:
    """Write the artifact for ``version`` (default: the runtime's ``__api_version__``) unless an
    up-to-date one is there.

    ``document`` is the normalized spec when the caller already has it (regeneration does).
    """
    if version is None:
        from codegen.release.version_file import read_versions

        version = read_versions(REPO.version_file)["__api_version__"]
    release = find_release(version)
    spec_name, manifest_name = artifact_names(release.version)
    spec_path, manifest_path = directory / spec_name, directory / manifest_name
    fingerprint = inputs_fingerprint(release)
    manifest = _read_manifest(manifest_path)
    if manifest is not None and manifest.get("inputs_sha256") == fingerprint and spec_path.is_file():
        return MockSpecArtifact(release.version, spec_path, manifest_path, written=False)
    if document is None:
        from codegen.spec.pipeline import load_normalized_spec

        document, _ = load_normalized_spec(release)
    raw = json.dumps(document, separators=(",", ":"), sort_keys=False).encode()
    directory.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same inputs give the same bytes, whoever builds.
    spec_path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    lock = release.lock
    manifest_path.write_text(
        json.dumps(
            {
                "platform_version": release.version,
                "sha256": hashlib.sha256(raw).hexdigest(),
                "upstream_file": lock.file,
                "upstream_sha256": lock.sha256,
                "inputs_sha256": fingerprint,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return MockSpecArtifact(release.version, spec_path, manifest_path, written=True)
