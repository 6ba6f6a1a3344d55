"""Read one side of a comparison: a release pinned under ``openapi/`` or a spec file on disk.

A pinned release is read as the client sees it: checksum verified, our overlay applied. Either
way the document is then dereferenced and its ``allOf`` lists flattened (with the normalizer's own
rule), so two documents differ only where the API does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.spec.deref import dereference

JSON = dict[str, Any]
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")


class SpecSourceError(ValueError):
    """An argument names neither a readable spec file nor a release pinned under ``openapi/``."""


@dataclass(frozen=True)
class SpecSide:
    label: str  # the platform version when known, else the file name
    document: JSON  # dereferenced, allOf flattened


def parse_document(raw: bytes, origin: str) -> JSON:
    """A JSON or YAML OpenAPI document from bytes; the error names ``origin``."""
    text = raw.decode("utf-8-sig", errors="strict")
    try:
        document = json.loads(text)
    except ValueError:
        import yaml

        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SpecSourceError(f"{origin} is neither JSON nor YAML: {exc}") from exc
    if not isinstance(document, dict) or "paths" not in document:
        raise SpecSourceError(f"{origin} is not an OpenAPI document (no top-level 'paths')")
    return document


def prepare(document: JSON) -> JSON:
    """The comparable form: references resolved, allOf lists merged as the normalizer merges them."""
    from codegen.spec.normalize import flatten_all_of

    flattened = flatten_all_of(dereference(document))
    assert isinstance(flattened, dict)
    return flattened


def load_side(argument: str, openapi_dir: Path, store: Path | None = None) -> SpecSide:
    """``argument`` is a path to a spec file, or a version pinned under ``openapi_dir``."""
    path = Path(argument)
    if path.is_file():
        document = parse_document(path.read_bytes(), str(path))
        version = (document.get("info") or {}).get("version")
        return SpecSide(str(version) if version else path.name, prepare(document))
    if VERSION_PATTERN.match(argument):
        from codegen.spec import find_release, load_patched_spec

        patched, _ = load_patched_spec(find_release(argument, openapi_dir), store=store)
        return SpecSide(argument, prepare(patched))
    raise SpecSourceError(
        f"{argument!r} is neither a spec file nor a platform version (X.Y.Z) pinned under {openapi_dir}"
    )
