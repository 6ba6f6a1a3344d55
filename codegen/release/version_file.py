"""Read and bump ``src/ampeco/_version.py`` (``__version__`` and ``__api_version__``)."""

from __future__ import annotations

import re
from pathlib import Path

from codegen.errors import VersionFileError

_LINE = re.compile(r'^(?P<name>__version__|__api_version__) = "(?P<value>[^"]*)"$', re.MULTILINE)


def read_versions(path: Path) -> dict[str, str]:
    """``{"__version__": ..., "__api_version__": ...}`` as written in the file."""
    found = {match["name"]: match["value"] for match in _LINE.finditer(path.read_text(encoding="utf-8"))}
    missing = {"__version__", "__api_version__"} - found.keys()
    if missing:
        raise VersionFileError(f'{path} has no {" / ".join(sorted(missing))} = "..." line')
    return found


def bumped_text(text: str, version: str, client_version: str | None = None) -> str:
    """The file's text for platform release ``version`` (client version defaults to it: no .postN)."""
    values = {"__version__": client_version or version, "__api_version__": version}
    result, count = _LINE.subn(lambda match: f'{match["name"]} = "{values[match["name"]]}"', text)
    if count != 2:
        raise VersionFileError(f"expected one __version__ and one __api_version__ line, found {count} lines")
    return result


def write_versions(path: Path, version: str, client_version: str | None = None) -> None:
    path.write_text(bumped_text(path.read_text(encoding="utf-8"), version, client_version), encoding="utf-8")
