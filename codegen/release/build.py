"""``scripts/build <version>``: wheel and sdist of any pinned release, built outside the checkout.

The checkout's ``generated/`` holds the newest release only, so a build never uses it: a
temporary source tree gets the project files, the pins of this release and the older ones (the
wheel's ``ampeco/_releases`` must not claim newer releases than its code), a freshly generated
``generated/`` and a ``_version.py`` for this release. ``python -m build`` builds the sdist and
then the wheel *from the sdist*, so a file the sdist forgets fails the build.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from openapi_python_client.strings import snake_case

from codegen.errors import BuildError
from codegen.generate.report import operation_ids
from codegen.layout import REPO_ROOT, RepoLayout
from codegen.release.smoke import check_probe, install_and_probe
from codegen.release.version_file import read_versions, write_versions
from codegen.spec.release import available_releases, find_release, version_key
from codegen.spec.source import load_side
from codegen.spec.store import SPEC_STORE_ENV, spec_store_dir

PROJECT_FILES = ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "generator-config.yaml")
PROJECT_DIRS = ("codegen", "scripts", "templates", "examples")
# The runtime package is copied without build artifacts (the mock spec is rebuilt for the release).
_RUNTIME_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "_data")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


@dataclass(frozen=True)
class Built:
    version: str  # platform release
    client_version: str  # the distribution's version (X.Y.Z or X.Y.Z.postN)
    wheel: Path
    sdist: Path


def client_version_for(layout: RepoLayout, version: str, requested: str | None) -> str:
    """``requested``, else the checkout's ``__version__`` when it is this release, else ``version``."""
    if requested is None:
        current = read_versions(layout.version_file)
        requested = current["__version__"] if current["__api_version__"] == version else version
    if not re.fullmatch(re.escape(version) + r"(\.post\d+)?", requested):
        raise BuildError(
            f"client version {requested!r} does not belong to platform release {version} (X.Y.Z[.postN])"
        )
    return requested


def assemble_tree(
    layout: RepoLayout, version: str, client_version: str, tree: Path, store: Path | None
) -> None:
    """A source tree for this release only; ``src/ampeco_public_api`` comes from the checkout's regenerate."""
    tree.mkdir(parents=True)
    for name in PROJECT_FILES:
        if (layout.root / name).is_file():
            shutil.copy2(layout.root / name, tree / name)
    for name in PROJECT_DIRS:
        if (layout.root / name).is_dir():
            shutil.copytree(layout.root / name, tree / name, ignore=_IGNORE)
    shutil.copytree(layout.runtime_dir, tree / "src" / layout.runtime_dir.name, ignore=_RUNTIME_IGNORE)
    for release in available_releases(layout.openapi_dir):
        if version_key(release.version) <= version_key(version):
            shutil.copytree(release.directory, tree / "openapi" / release.version, ignore=_IGNORE)
    command, env = layout.codegen_command("regenerate", "--version", version, "--output", str(tree / "src"))
    if store is not None:
        env[SPEC_STORE_ENV] = str(store)
    completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=layout.root, check=False)
    if completed.returncode != 0:
        raise BuildError(
            f"generating {version} failed (exit {completed.returncode}):\n"
            f"{completed.stdout}{completed.stderr}"
        )
    write_versions(RepoLayout(tree).version_file, version, client_version)


def build_distributions(tree: Path, dist: Path, client_version: str, store: Path) -> tuple[Path, Path]:
    """sdist, then the wheel from the sdist, with the build backend installed here (no network).

    The build hook derives the mock's spec from ``store`` (an sdist then carries it for the wheel)."""
    for module in ("build", "hatchling"):
        if importlib.util.find_spec(module) is None:
            raise BuildError(f"python -m build needs {module!r}: pip install -e '.[dev]'")
    dist.mkdir(parents=True, exist_ok=True)
    wheel = dist / f"ampeco_public_api-{client_version}-py3-none-any.whl"
    sdist = dist / f"ampeco_public_api-{client_version}.tar.gz"
    for stale in (wheel, sdist):
        stale.unlink(missing_ok=True)
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(tree)]
    env = {**os.environ, SPEC_STORE_ENV: str(store)}
    env.pop("PYTHONPATH", None)  # the build hook imports the tree's own codegen
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if completed.returncode != 0 or not wheel.is_file() or not sdist.is_file():
        raise BuildError(
            f"python -m build failed for {client_version} (exit {completed.returncode}):\n"
            f"{completed.stdout[-4000:]}{completed.stderr[-4000:]}"
        )
    return wheel, sdist


def build_release(
    layout: RepoLayout, version: str, dist: Path, store: Path | None = None, client_version: str | None = None
) -> Built:
    find_release(version, layout.openapi_dir)  # a clear error for a version that is not pinned
    resolved = client_version_for(layout, version, client_version)
    workdir = Path(tempfile.mkdtemp(prefix=f"ampeco-build-{version}-"))
    try:
        tree = workdir / f"ampeco-public-api-{resolved}"
        started = time.perf_counter()
        assemble_tree(layout, version, resolved, tree, store)
        print(f"source tree           generated {version} in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        store_dir = store if store is not None else spec_store_dir()
        wheel, sdist = build_distributions(tree, dist, resolved, store_dir)
        print(f"python -m build       {time.perf_counter() - started:.1f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return Built(version, resolved, wheel, sdist)


def expected_operation_modules(layout: RepoLayout, version: str, store: Path | None) -> set[str]:
    """The module name the generator gives each operation of the release (patched spec)."""
    document = load_side(version, layout.openapi_dir, store).document
    return {str(snake_case(name)) for name in operation_ids(document)}


def smoke(
    built: Built, layout: RepoLayout, store: Path | None, offline: bool, report: Path | None
) -> list[str]:
    workdir = Path(tempfile.mkdtemp(prefix=f"ampeco-smoke-{built.version}-"))
    started = time.perf_counter()
    try:
        venv = workdir / "venv"
        probe = install_and_probe(built.wheel, venv, offline=offline)
        expected = expected_operation_modules(layout, built.version, store)
        problems = check_probe(probe, venv, built.version, expected)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if report is not None:
        report.write_text(
            json.dumps({**asdict(probe), "problems": problems}, indent=1) + "\n", encoding="utf-8"
        )
    count = len(probe.operations)
    elapsed = time.perf_counter() - started
    print(f"smoke test            {count} operations, __api_version__ {probe.api_version} ({elapsed:.1f} s)")
    return problems


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codegen build", description="Build wheel and sdist of a pinned release."
    )
    parser.add_argument("version", help="platform release pinned under openapi/")
    parser.add_argument("--dist", type=Path, help="output directory (default: <repo>/dist)")
    parser.add_argument(
        "--client-version", help="distribution version, X.Y.Z or X.Y.Z.postN (default: see docs)"
    )
    parser.add_argument(
        "--repo-root", type=Path, default=REPO_ROOT, help="checkout to build from (default: this one)"
    )
    parser.add_argument(
        "--store", type=Path, help="spec store (default: $AMPECO_SPEC_STORE or ../shared/openapi)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="install the wheel into a fresh venv and check it"
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="smoke venv uses system site-packages for dependencies (no PyPI)",
    )
    parser.add_argument("--smoke-report", type=Path, help="write what the smoke test saw as JSON")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        layout = RepoLayout.at(args.repo_root)
        dist = args.dist if args.dist is not None else layout.root / "dist"
        print(f"platform release      {args.version}")
        built = build_release(layout, args.version, dist, args.store, args.client_version)
        print(f"wheel                 {built.wheel}")
        print(f"sdist                 {built.sdist}")
        if args.smoke:
            problems = smoke(built, layout, args.store, args.offline, args.smoke_report)
            for problem in problems:
                print(f"  FAILED: {problem}")
            if problems:
                return 1
    except Exception as exc:  # every failure is reported the same way: its type and message
        print(f"build: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(f"elapsed               {time.perf_counter() - started:.1f} s")
    return 0
