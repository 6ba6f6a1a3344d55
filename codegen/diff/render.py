"""Turn an :class:`ApiDiff` into the Markdown users read and the JSON CI reads."""

from __future__ import annotations

import json
from typing import Any

from codegen.diff.model import ApiDiff


def to_json(diff: ApiDiff) -> str:
    data: dict[str, Any] = {
        "old": diff.old_label,
        "new": diff.new_label,
        "summary": {
            "breaking": len(diff.breaking),
            "non_breaking": len(diff.changes) - len(diff.breaking),
            "operations_old": diff.old_operations,
            "operations_new": diff.new_operations,
        },
        "changes": [change.to_json() for change in diff.changes],
    }
    return json.dumps(data, indent=2, default=str) + "\n"


def summary_line(diff: ApiDiff) -> str:
    breaking, other = len(diff.breaking), len(diff.changes) - len(diff.breaking)
    plural = "" if breaking == 1 else "s"
    return (
        f"{diff.old_operations} -> {diff.new_operations} operations; "
        f"**{breaking} breaking change{plural}**, {other} other change{'' if other == 1 else 's'}."
    )


def change_sections(diff: ApiDiff, level: int) -> list[str]:
    """Markdown lines: a "Breaking changes" and an "Other changes" section under ``#``*level headings."""
    hashes = "#" * level
    if not diff.changes:
        return ["No changes to operations, parameters, request or response bodies, or webhook payloads."]
    lines: list[str] = []
    for title, group in (
        ("Breaking changes", diff.breaking),
        ("Other changes", [c for c in diff.changes if not c.breaking]),
    ):
        if group:
            lines += ["", f"{hashes} {title}", ""]
            lines += [f"- {change.sentence()}" for change in group]
    return lines


def to_markdown(diff: ApiDiff) -> str:
    lines = [f"## API changes {diff.old_label} -> {diff.new_label}", "", summary_line(diff)]
    lines += change_sections(diff, level=3)
    return "\n".join(lines) + "\n"
