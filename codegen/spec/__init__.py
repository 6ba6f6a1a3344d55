"""The spec side of code generation: store, pinned releases, overlay, normalizer.

A platform release is pinned by ``openapi/<version>/spec-lock.json`` (which upstream document,
its sha256, its file name in the spec store) and fixed by ``openapi/<version>/overlay.yaml``
(an OpenAPI Overlay 1.0 document). The pipeline is: load from the store and verify the checksum,
apply the overlay, normalize (hoist repeated inline schemas into named components).
"""

from codegen.spec.pipeline import load_normalized_spec, load_patched_spec
from codegen.spec.release import Release, SpecLock, available_releases, find_release, latest_release
from codegen.spec.store import SpecChecksumError, SpecStoreError, spec_store_dir

__all__ = [
    "Release",
    "SpecChecksumError",
    "SpecLock",
    "SpecStoreError",
    "available_releases",
    "find_release",
    "latest_release",
    "load_normalized_spec",
    "load_patched_spec",
    "spec_store_dir",
]
