"""scripts/build: the choices it makes before building (the builds themselves run in the e2e test)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from versioning_support import run_script

from codegen.errors import BuildError
from codegen.layout import RepoLayout
from codegen.release.build import client_version_for
from codegen.release.version_file import write_versions


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
