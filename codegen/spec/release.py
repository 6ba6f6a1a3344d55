"""Platform releases pinned under ``openapi/<version>/``: lock file plus overlay."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.layout import OPENAPI_DIR
from codegen.spec.store import SpecStoreError, load_verified

LOCK_FILE = "spec-lock.json"
OVERLAY_FILE = "overlay.yaml"
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


@dataclass(frozen=True)
class SpecLock:
    """What pins one platform release: which upstream document, by name and checksum."""

    platform_version: str
    file: str
    sha256: str
    upstream_url: str

    @classmethod
    def read(cls, path: Path) -> SpecLock:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                platform_version=str(data["platform_version"]),
                file=str(data["file"]),
                sha256=str(data["sha256"]).lower(),
                upstream_url=str(data["upstream_url"]),
            )
        except (OSError, ValueError, KeyError) as exc:
            raise SpecStoreError(f"unreadable lock file {path}: {exc!r}") from exc

    def to_json(self) -> str:
        data = {
            "platform_version": self.platform_version,
            "file": self.file,
            "sha256": self.sha256,
            "upstream_url": self.upstream_url,
        }
        return json.dumps(data, indent=2) + "\n"


@dataclass(frozen=True)
class Release:
    """One pinned platform release and the directory that pins it."""

    version: str
    directory: Path

    @property
    def lock(self) -> SpecLock:
        return SpecLock.read(self.directory / LOCK_FILE)

    @property
    def overlay_path(self) -> Path:
        return self.directory / OVERLAY_FILE

    def load_upstream(self, store: Path | None = None) -> dict[str, Any]:
        """The upstream document from the store, checksum verified."""
        lock = self.lock
        return load_verified(lock.file, lock.sha256, store)


def releases_dir() -> Path:
    """``openapi/`` of this checkout."""
    return OPENAPI_DIR


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def available_releases(directory: Path | None = None) -> list[Release]:
    """Every pinned release, oldest first."""
    base = directory if directory is not None else releases_dir()
    found = [
        Release(child.name, child)
        for child in base.iterdir()
        if child.is_dir() and _VERSION.match(child.name) and (child / LOCK_FILE).is_file()
    ]
    return sorted(found, key=lambda release: version_key(release.version))


def latest_release(directory: Path | None = None) -> Release:
    releases = available_releases(directory)
    if not releases:
        raise SpecStoreError("no platform release is pinned under openapi/")
    return releases[-1]


def find_release(version: str | None = None, directory: Path | None = None) -> Release:
    """The release pinned for ``version`` (default: the newest)."""
    if version is None:
        return latest_release(directory)
    for release in available_releases(directory):
        if release.version == version:
            return release
    known = ", ".join(r.version for r in available_releases(directory)) or "none"
    raise SpecStoreError(f"platform release {version!r} is not pinned under openapi/ (pinned: {known})")
