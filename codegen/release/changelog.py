"""CHANGELOG.md entries, one per platform release, written from the API diff.

Entries are ``## <version>`` sections, newest first; a new one goes above the first older one.
"""

from __future__ import annotations

import re

from codegen.diff.model import ApiDiff
from codegen.diff.render import change_sections, summary_line
from codegen.errors import ChangelogError

_HEADING = re.compile(r"^## (?P<version>\d+\.\d+\.\d+(?:\.post\d+)?)\b", re.MULTILINE)
HEADER = (
    "# Changelog\n\n"
    "One entry per platform release (written by `scripts/add-version` from `scripts/api-diff`), and one per\n"
    "client-only fix release (`X.Y.Z.postN`, written by hand). Pin `ampeco-public-api==X.Y.Z` to talk to\n"
    "an X.Y.Z tenant.\n"
)


def render_entry(
    version: str,
    file_name: str,
    sha256: str,
    diff: ApiDiff | None,
    overlay_notes: list[str],
    first: bool = True,
) -> str:
    """The Markdown section for one platform release (``diff`` None: nothing older is pinned)."""
    lines = [
        f"## {version}",
        "",
        f"Generated from AMPECO.CHARGE platform release {version} (`{file_name}`, sha256 `{sha256[:12]}`).",
        f"Install: `pip install ampeco-public-api=={version}`.",
    ]
    if diff is None:
        note = (
            "First pinned platform release."
            if first
            else "Oldest pinned release: nothing older to compare with."
        )
        lines += ["", note]
    else:
        lines += ["", f"API changes since {diff.old_label}: {summary_line(diff)}"]
        lines += change_sections(diff, level=3)
    if overlay_notes:
        lines += ["", "### Client fixes (overlay)", ""]
        lines += [f"- {note}" for note in overlay_notes]
    return "\n".join(lines) + "\n"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def has_entry(text: str, version: str) -> bool:
    return any(match["version"] == version for match in _HEADING.finditer(text))


def insert_entry(text: str, version: str, entry: str) -> str:
    """``text`` with ``entry`` placed above the first entry for an older version."""
    if not text.strip():
        text = HEADER
    if has_entry(text, version):
        raise ChangelogError(f"CHANGELOG.md already has an entry for {version}")
    for match in _HEADING.finditer(text):
        if _key(match["version"]) < _key(version):
            return text[: match.start()] + entry + "\n" + text[match.start() :]
    return text.rstrip("\n") + "\n\n" + entry
