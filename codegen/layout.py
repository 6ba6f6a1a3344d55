"""Where things are in *a* checkout: this one (:data:`REPO`), or a copy a test or a build works on.

The version workflow also runs on other roots (``--repo-root``), so everything takes its locations
from a :class:`RepoLayout`; the module constants are this checkout's.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

GENERATED_PACKAGE = "ampeco_public_api"
RUNTIME_PACKAGE = "ampeco"


class LayoutError(RuntimeError):
    """The directory given as a repository root is not a checkout of this project."""


@dataclass(frozen=True)
class RepoLayout:
    root: Path

    @property
    def openapi_dir(self) -> Path:
        """``openapi/<version>/``: the lock file and overlay of every pinned platform release."""
        return self.root / "openapi"

    @property
    def source_dir(self) -> Path:
        """``src/``: the runtime package and the generated package side by side."""
        return self.root / "src"

    @property
    def generated_dir(self) -> Path:
        """The parent of the generated package (it is replaced as a whole by regeneration)."""
        return self.source_dir

    @property
    def generated_package_dir(self) -> Path:
        return self.source_dir / GENERATED_PACKAGE

    @property
    def runtime_dir(self) -> Path:
        return self.source_dir / RUNTIME_PACKAGE

    @property
    def version_file(self) -> Path:
        return self.runtime_dir / "_version.py"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def generator_config(self) -> Path:
        return self.root / "generator-config.yaml"

    @property
    def changelog(self) -> Path:
        return self.root / "CHANGELOG.md"

    @property
    def regenerate_script(self) -> Path:
        return self.root / "scripts" / "regenerate"

    def codegen_command(self, *args: str) -> tuple[list[str], dict[str, str]]:
        """``python -m codegen ARGS`` as this checkout's ``scripts/`` wrappers run it: argv and the
        environment that imports this checkout's ``codegen`` and runtime, not an installed one."""
        paths = [str(self.source_dir), str(self.root)]
        inherited = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([*paths, *([inherited] if inherited else [])])}
        return [sys.executable, "-P", "-m", "codegen", *args], env

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


REPO = RepoLayout(Path(__file__).resolve().parents[1])
REPO_ROOT = REPO.root
OPENAPI_DIR = REPO.openapi_dir
GENERATED_DIR = REPO.generated_dir
TEMPLATES_DIR = REPO.templates_dir
GENERATOR_CONFIG = REPO.generator_config
VERSION_FILE = REPO.version_file
