"""scripts/build: the choices it makes before building (the builds themselves run in the e2e test)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from versioning_support import run_script

from codegen.errors import BuildError
from codegen.layout import RepoLayout
from codegen.release.build import client_version_for
from codegen.release.version_file import write_versions

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(repo_copy: Callable[..., Path]) -> RepoLayout:
    return RepoLayout.at(repo_copy())


def test_unpinned_version_is_named(checkout: RepoLayout, spec_store: Path, tmp_path: Path) -> None:
    result = run_script(checkout.root, "build", "9.9.9", "--dist", str(tmp_path / "dist"), store=spec_store)
    assert result.returncode == 2
    assert "platform release '9.9.9' is not pinned under openapi/ (pinned: 3.110.0" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_client_version_follows_the_checkout_for_its_own_release(checkout: RepoLayout) -> None:
    write_versions(checkout.version_file, "3.110.0", "3.110.0.post1")
    assert client_version_for(checkout, "3.110.0", None) == "3.110.0.post1"
    assert client_version_for(checkout, "3.109.0", None) == "3.109.0"
    assert client_version_for(checkout, "3.109.0", "3.109.0.post2") == "3.109.0.post2"


@pytest.mark.parametrize("requested", ["3.111.0", "3.110.0-1", "3.110.0.dev1"])
def test_client_version_must_belong_to_the_release(checkout: RepoLayout, requested: str) -> None:
    with pytest.raises(
        BuildError, match=rf"client version '{requested}' does not belong to platform release 3\.110\.0"
    ):
        client_version_for(checkout, "3.110.0", requested)


def test_build_without_the_dev_extra_says_what_to_install() -> None:
    """``scripts/build`` in an environment without the generator: one line naming the module and the fix."""
    missing = "openapi_python_client"
    code = (
        f"import sys; sys.modules[{missing!r}] = None; "
        "from codegen.__main__ import main; sys.exit(main(['build', '3.110.0']))"
    )
    completed = subprocess.run(
        [sys.executable, "-P", "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr.strip() == (
        f"python -m codegen build needs the maintainer tools (module {missing!r} is not installed): "
        "pip install -e '.[dev]'"
    )
