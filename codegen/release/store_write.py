"""Put a new platform release's document into the spec store, under its version's file name."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.errors import StoreConflictError, StoreWriteError


def store_file_name(version: str) -> str:
    return f"ampeco-public-api-{version}.json"


@dataclass(frozen=True)
class Stored:
    path: Path
    sha256: str
    reused: bool  # the store held this exact document already


def store_bytes(raw: bytes, document: dict[str, Any], version: str, store: Path) -> Stored:
    """Write the document (JSON kept byte for byte; YAML converted to JSON) unless it is there already.

    The store is append-only: a different document under the same name is refused, never replaced,
    because other checkouts pin the existing one by checksum.
    """
    content = raw if _is_json(raw) else (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    digest = hashlib.sha256(content).hexdigest()
    target = store / store_file_name(version)
    if target.exists():
        existing = hashlib.sha256(target.read_bytes()).hexdigest()
        if existing != digest:
            raise StoreConflictError(
                f"checksum mismatch: the spec store already holds {target} with sha256 {existing}, "
                f"but the new document for {version} has sha256 {digest}; refusing to replace it"
            )
        return Stored(target, digest, reused=True)
    temporary = store / f".{target.name}.{os.getpid()}.tmp"
    try:
        temporary.write_bytes(content)
        os.replace(temporary, target)
    except OSError as exc:
        raise StoreWriteError(
            f"cannot write {target.name} into the spec store {store}: {exc.strerror or exc}. "
            "Point --store or AMPECO_SPEC_STORE at a writable store."
        ) from exc
    return Stored(target, digest, reused=False)


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True
