"""Where things are in *a* checkout: the real one, or a copy a test or a build works on.

``paths.py`` names the checkout the scripts run from; the version workflow also runs on other
roots (``--repo-root``), so it takes every location from a :class:`RepoLayout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class LayoutError(RuntimeError):
    """The directory given as a repository root is not a checkout of this project."""


@dataclass(frozen=True)
class RepoLayout:
    root: Path

    @property
    def openapi_dir(self) -> Path:
        return self.root / "openapi"

    @property
    def generated_dir(self) -> Path:
        return self.root / "generated"

    @property
    def version_file(self) -> Path:
        return self.root / "overlays" / "ampeco" / "_version.py"

    @property
    def changelog(self) -> Path:
        return self.root / "CHANGELOG.md"

    @property
    def regenerate_script(self) -> Path:
        return self.root / "scripts" / "regenerate"

    @classmethod
    def at(cls, root: Path) -> RepoLayout:
        """A checked layout: every file the workflow reads must be there."""
        layout = cls(root.resolve())
        for required in (
            root / "pyproject.toml",
            layout.openapi_dir,
            layout.version_file,
            layout.regenerate_script,
        ):
            if not required.exists():
                raise LayoutError(f"{root} is not an ampeco-public-api checkout: {required} is missing")
        return layout
