"""One platform release's spec, prepared once per process for any number of tenants.

Loading, checksumming and indexing a 2.8 MB spec takes about a second; tenants (one per test)
share the immutable result and only own their store and fault plan.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ampeco._spec import find_release, load_normalized_spec
from ampeco.mock._operations import OperationIndex
from ampeco.mock._requests import RequestValidator
from ampeco.mock._schemas import SchemaSet


@dataclass(frozen=True)
class MockSpec:
    version: str
    document: dict[str, Any]
    index: OperationIndex
    schemas: SchemaSet
    requests: RequestValidator


@functools.lru_cache(maxsize=4)
def load_mock_spec(platform_version: str | None = None) -> MockSpec:
    """The normalized, checksum-verified spec of a pinned release (default: the newest)."""
    release = find_release(platform_version)
    document, _ = load_normalized_spec(release)
    schemas = SchemaSet(document.get("components", {}).get("schemas", {}))
    return MockSpec(release.version, document, OperationIndex(document), schemas, RequestValidator(schemas))
