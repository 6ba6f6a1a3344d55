"""The spec store: AMPECO's own OpenAPI documents, read in place and checked by sha256.

The documents are never copied into this repository. The store is ``../shared/openapi`` next to
the checkout, or whatever ``AMPECO_SPEC_STORE`` names.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from codegen.layout import REPO_ROOT

SPEC_STORE_ENV = "AMPECO_SPEC_STORE"


class SpecStoreError(RuntimeError):
    """The spec store or a document in it cannot be found or read."""


class SpecChecksumError(SpecStoreError):
    """A document in the store is not the one the lock file pins."""


def spec_store_dir() -> Path:
    """Where upstream documents are read from: ``$AMPECO_SPEC_STORE`` or ``../shared/openapi``."""
    configured = os.environ.get(SPEC_STORE_ENV)
    if configured:
        path = Path(configured).expanduser()
        if not path.is_dir():
            raise SpecStoreError(f"{SPEC_STORE_ENV}={configured!r} is not a directory")
        return path
    candidate = REPO_ROOT.parent / "shared" / "openapi"
    if candidate.is_dir():
        return candidate
    raise SpecStoreError(
        "no spec store found: set "
        f"{SPEC_STORE_ENV} to the directory holding ampeco-public-api-<version>.json "
        f"(looked in: {candidate})"
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_verified(file_name: str, sha256: str, store: Path | None = None) -> bytes:
    """The raw bytes of ``file_name`` in the store, refusing anything but the pinned document."""
    directory = store if store is not None else spec_store_dir()
    path = directory / file_name
    if not path.is_file():
        raise SpecStoreError(f"spec {file_name!r} is not in the spec store {directory}")
    raw = path.read_bytes()
    actual = hashlib.sha256(raw).hexdigest()
    if actual != sha256:
        raise SpecChecksumError(
            f"checksum mismatch for {path}: lock file pins sha256 {sha256}, the file has {actual}. "
            "The store holds a different document than this release was generated from."
        )
    return raw


def load_verified(file_name: str, sha256: str, store: Path | None = None) -> dict[str, Any]:
    document = json.loads(read_verified(file_name, sha256, store))
    if not isinstance(document, dict):
        raise SpecStoreError(f"spec {file_name!r} is not a JSON object")
    return document
