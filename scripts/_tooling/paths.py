"""Where things are in the checkout, and how scripts import the hand-written package."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
OPENAPI_DIR = REPO_ROOT / "openapi"
GENERATED_DIR = REPO_ROOT / "generated"
GENERATED_PACKAGE = "ampeco_public_api"
TEMPLATES_DIR = REPO_ROOT / "templates"
GENERATOR_CONFIG = REPO_ROOT / "generator-config.yaml"
VERSION_FILE = REPO_ROOT / "overlays" / "ampeco" / "_version.py"

# Scripts run from a checkout whether or not the package is installed.
if str(REPO_ROOT / "overlays") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "overlays"))
