"""What the distribution promises: every declared dependency is used, the licence file matches the
declared licence, files the docs point users to exist, and ``help(ampeco)`` is written for users.

The built wheel and sdist themselves are checked by the version workflow's end-to-end test and by the
CI step that installs the wheel outside the checkout (``.ci/wheel-check``).
"""

from __future__ import annotations

import ast
import importlib.metadata
import pydoc
import re
import tomllib
from pathlib import Path

import ampeco

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SHIPPED = [REPO / "src" / "ampeco", REPO / "src" / "ampeco_public_api"]


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_top_level_modules(roots: list[Path]) -> set[str]:
    found: set[str] = set()
    for root in roots:
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.partition(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module.partition(".")[0])
    return found


def test_every_runtime_and_mock_dependency_is_imported_by_the_shipped_code() -> None:
    by_distribution: dict[str, set[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            by_distribution.setdefault(distribution.lower().replace("_", "-"), set()).add(module)
    imported = _imported_top_level_modules(SHIPPED)
    declared = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["mock"]
    unused = [
        name for name in map(_requirement_name, declared) if not by_distribution.get(name, set()) & imported
    ]
    assert unused == [], f"declared but never imported by src/: {unused}"


def test_licence_file_matches_the_declared_licence() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "the ampeco-public-api authors" in text
    assert "Permission is hereby granted, free of charge" in text
    assert "LICENSE" in PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def test_classifiers_name_every_supported_python() -> None:
    project = PYPROJECT["project"]
    assert project["requires-python"] == ">=3.11"
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in project["classifiers"]
    assert project["urls"]["Documentation"] == "https://developers.ampeco.com/"


def test_files_the_docs_point_to_exist_and_ship_in_the_sdist() -> None:
    sdist = PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    texts = [path.read_text(encoding="utf-8") for root in SHIPPED[:1] for path in root.rglob("*.py")]
    texts.append((REPO / "README.md").read_text(encoding="utf-8"))
    referenced = {match for text in texts for match in re.findall(r"examples/[\w.]+\.py", text)}
    assert referenced >= {"examples/webhooks_starlette.py", "examples/webhooks_wsgi.py"}
    for name in referenced:
        assert (REPO / name).is_file(), name
        assert name.split("/")[0] in sdist, name


def test_help_shows_user_documentation() -> None:
    text = pydoc.render_doc(ampeco, renderer=pydoc.plaintext)
    description = text[text.index("DESCRIPTION") : text.index("PACKAGE CONTENTS")]
    for user_facing in ("ampeco.Client(", "ampeco.paginate(", "pip install", "AmpecoError", "ampeco_mock"):
        assert user_facing in description, user_facing
    for maintainer_note in ("_EXPORTS", "TYPE_CHECKING", "__getattr__", "To export a name"):
        assert maintainer_note not in description, maintainer_note
