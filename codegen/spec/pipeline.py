"""From a pinned release to the document the generator and the mock tenant read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codegen.spec.normalize import NormalizeReport, normalize
from codegen.spec.normalize.naming import ACCEPTED_NAMES_KEY
from codegen.spec.overlay import OverlayReport, apply_overlay, load_overlay
from codegen.spec.release import Release, find_release


def load_patched_spec(
    release: Release | str | None = None, *, store: Path | None = None, strict: bool = True
) -> tuple[dict[str, Any], OverlayReport]:
    """Upstream document (checksum verified) with our overlay applied."""
    resolved = release if isinstance(release, Release) else find_release(release)
    upstream = resolved.load_upstream(store)
    if not resolved.overlay_path.is_file():
        return upstream, OverlayReport()
    return apply_overlay(upstream, load_overlay(resolved.overlay_path), strict=strict)


def load_normalized_spec(
    release: Release | str | None = None, *, store: Path | None = None
) -> tuple[dict[str, Any], NormalizeReport]:
    """The patched document with repeated inline schemas hoisted into named components."""
    patched, _ = load_patched_spec(release, store=store)
    return normalize(patched)


def accepted_shared_names(release: Release | str | None = None) -> frozenset[str]:
    """Names of shared shapes the overlay accepts still carrying one use's name (not pinned yet)."""
    resolved = release if isinstance(release, Release) else find_release(release)
    if not resolved.overlay_path.is_file():
        return frozenset()
    names = load_overlay(resolved.overlay_path).get(ACCEPTED_NAMES_KEY) or []
    return frozenset(str(name) for name in names)
