"""One platform release's spec, prepared once per process for any number of tenants.

The spec comes from the installed package: the build puts the pinned release's normalized document,
gzipped, into ``ampeco/mock/_data/`` with a manifest recording its sha256 (verified here). An explicit
file (``spec_path=``, ``ampeco-mock --spec``, or ``AMPECO_MOCK_SPEC``) overrides it: a normalized
document as JSON, optionally gzipped. The runtime never looks for a checkout or a spec store:
``AMPECO_SPEC_STORE`` (AMPECO's upstream documents) is read when the package is *built*, because turning
an upstream document into the normalized one takes the dev-only ``codegen`` package.

Loading, checking and indexing a 2.8 MB document takes about a second; tenants (one per test) share
the immutable result and only own their store and fault plan.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ampeco._version import __api_version__
from ampeco.mock._operations import OperationIndex
from ampeco.mock._requests import RequestValidator
from ampeco.mock._schemas import SchemaSet

MOCK_SPEC_ENV = "AMPECO_MOCK_SPEC"
_ARTIFACT = re.compile(r"^spec-(?P<version>\d+\.\d+\.\d+)\.json\.gz$")


class MockSpecError(RuntimeError):
    """The mock's spec cannot be found, read or trusted; the message says what to do."""


@dataclass(frozen=True)
class MockSpec:
    version: str
    document: dict[str, Any]
    index: OperationIndex
    schemas: SchemaSet
    requests: RequestValidator


def _data_dir() -> Path:
    return Path(str(resources.files("ampeco.mock").joinpath("_data")))


def packaged_versions() -> list[str]:
    """Platform releases whose spec this installation carries."""
    directory = _data_dir()
    if not directory.is_dir():
        return []
    return sorted(m["version"] for p in directory.iterdir() if (m := _ARTIFACT.match(p.name)))


def _decompress(raw: bytes) -> bytes:
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def _packaged_document(version: str) -> dict[str, Any]:
    directory = _data_dir()
    spec_path = directory / f"spec-{version}.json.gz"
    manifest_path = directory / f"spec-{version}.manifest.json"
    if not spec_path.is_file() or not manifest_path.is_file():
        carried = ", ".join(packaged_versions()) or "none"
        raise MockSpecError(
            f"this installation carries no mock spec for platform release {version} (it carries: {carried}). "
            f"Pass a normalized spec file with spec_path= / ampeco-mock --spec / {MOCK_SPEC_ENV}; in a "
            "checkout, `pip install -e .` or `scripts/regenerate` writes it (AMPECO_SPEC_STORE is read "
            "then, at build time, not by the installed mock)."
        )
    raw = gzip.decompress(spec_path.read_bytes())
    expected = json.loads(manifest_path.read_text(encoding="utf-8")).get("sha256")
    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected:
        raise MockSpecError(f"{spec_path} is damaged: sha256 {actual}, its manifest records {expected}")
    return _as_document(raw, spec_path)


def _as_document(raw: bytes, origin: Path) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except ValueError as exc:
        raise MockSpecError(f"{origin} is not a JSON document: {exc}") from None
    if not isinstance(document, dict) or "paths" not in document:
        raise MockSpecError(f"{origin} is not an OpenAPI document (no 'paths')")
    return document


def load_mock_spec(platform_version: str | None = None, spec_path: str | None = None) -> MockSpec:
    """The spec a tenant serves: ``spec_path`` (or ``$AMPECO_MOCK_SPEC``) if given, else the packaged
    normalized spec of ``platform_version`` (default: the release this client was generated from).

    Each spec is loaded once per process; the environment is read on every call."""
    explicit = spec_path or os.environ.get(MOCK_SPEC_ENV) or None
    if explicit is not None:
        return _load_file(str(Path(explicit).expanduser().resolve()), platform_version)
    return _load_packaged(platform_version or __api_version__)


@functools.lru_cache(maxsize=4)
def _load_file(path_name: str, platform_version: str | None) -> MockSpec:
    path = Path(path_name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MockSpecError(f"cannot read the mock spec {path}: {exc.strerror or exc}") from None
    document = _as_document(_decompress(raw), path)
    version = str(document.get("info", {}).get("version", platform_version or "unknown"))
    return _prepared(version, document)


@functools.lru_cache(maxsize=4)
def _load_packaged(version: str) -> MockSpec:
    return _prepared(version, _packaged_document(version))


def _prepared(version: str, document: dict[str, Any]) -> MockSpec:
    schemas = SchemaSet(document.get("components", {}).get("schemas", {}))
    return MockSpec(version, document, OperationIndex(document), schemas, RequestValidator(schemas))
