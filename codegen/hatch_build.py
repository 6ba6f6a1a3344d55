"""Hatch build hook: put the mock tenant's normalized spec into every wheel, sdist and editable install.

The artifact is derived from the spec store (``AMPECO_SPEC_STORE`` or ``../shared/openapi``) unless an
up-to-date one is already in ``src/ampeco/mock/_data/`` (an sdist carries it, so building a wheel
from an sdist needs no store). See ``codegen/spec/artifact.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class MockSpecBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "mock-spec"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        # Hatch loads this file by path: the checkout's packages are importable only from its root.
        for entry in (str(root / "src"), str(root)):
            if entry not in sys.path:
                sys.path.insert(0, entry)
        from codegen.spec.artifact import ensure_mock_spec

        artifact = ensure_mock_spec()
        if version == "editable":
            return  # the editable install reads src/ directly
        for path in (artifact.spec_path, artifact.manifest_path):
            relative = path.relative_to(root)
            target = str(relative.relative_to("src")) if self.target_name == "wheel" else str(relative)
            build_data["force_include"][str(path)] = target
