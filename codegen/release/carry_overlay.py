"""Carry the previous release's overlay over to a new release, keeping only what still applies.

Every action is tried against the new document (``strict=False``). An action that matches
nothing is *dropped*, not kept: generation applies overlays strictly, so a stale action would fail
every regeneration, and the fix it made may no longer be needed (upstream fixed it) or needs
rewriting against the new shape. Either way a maintainer must look, so each dropped action is
listed in the command's report, in the new overlay's header and in the CHANGELOG entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codegen.spec.overlay import ActionResult, apply_overlay, load_overlay
from codegen.spec.release import Release


@dataclass
class CarriedOverlay:
    source: Path | None  # the previous release's overlay.yaml, None when it had none
    text: str | None  # what to write as the new release's overlay.yaml; None: write no overlay
    kept: list[ActionResult] = field(default_factory=list)
    dropped: list[ActionResult] = field(default_factory=list)

    def report_lines(self, previous: str | None) -> list[str]:
        if self.source is None:
            return [
                f"overlay               none to carry over (release {previous or '-'} has no overlay.yaml)"
            ]
        lines = [
            f"overlay               {len(self.kept) + len(self.dropped)} actions from {previous}: "
            f"{len(self.kept)} still apply (kept), {len(self.dropped)} no longer match (dropped)"
        ]
        lines += [
            f"  dropped action {a.index}: {a.description or '(no description)'} -> {a.target}"
            for a in self.dropped
        ]
        return lines


def carry_overlay(previous: Release | None, document: dict[str, Any]) -> CarriedOverlay:
    """Check each action of ``previous``'s overlay against ``document``; keep those that match."""
    if previous is None or not previous.overlay_path.is_file():
        return CarriedOverlay(None, None)
    overlay = load_overlay(previous.overlay_path)
    _, report = apply_overlay(document, overlay, strict=False)
    dropped = report.unmatched
    kept = [result for result in report.results if result.matched]
    if not dropped:
        verbatim = previous.overlay_path.read_text(encoding="utf-8")  # comments survive
        header = f"# Carried over from {previous.version} by scripts/add-version: every action applies.\n"
        text = header + verbatim
        return CarriedOverlay(previous.overlay_path, text, kept, dropped)
    dropped_indexes = {result.index for result in dropped}
    remaining = dict(overlay)
    remaining["actions"] = [a for i, a in enumerate(overlay["actions"]) if i not in dropped_indexes]
    if not remaining["actions"]:
        return CarriedOverlay(previous.overlay_path, None, kept, dropped)
    # The reduced overlay must apply strictly, as generation will apply it.
    apply_overlay(document, remaining, strict=True)
    notes = [f"# Carried over from {previous.version} by scripts/add-version. Dropped (no longer match):"]
    notes += [f"#   action {a.index}: {a.description or '(no description)'} -> {a.target}" for a in dropped]
    body = yaml.safe_dump(remaining, sort_keys=False, allow_unicode=True, width=100)
    return CarriedOverlay(previous.overlay_path, "\n".join(notes) + "\n" + body, kept, dropped)
