"""``python -m codegen regenerate``: pinned spec -> overlay -> normalize -> generator -> generated package.

    python -m codegen regenerate                 # newest release under openapi/
    python -m codegen regenerate --version 3.110.0
    python -m codegen regenerate --check         # exit 1 when the checked-in package or api.md differs

Steps: verify the spec's checksum -> apply our overlay -> check the templates' assumptions ->
normalize -> openapi-python-client with generator-config.yaml and templates/ (plus the resource
layer and ``api.md``) -> ruff -> replace the generated package atomically and write ``api.md``.
Any generator warning fails the run: each one is an operation or a model silently lost.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
import time
from pathlib import Path

from codegen.generate.report import build_report
from codegen.generate.run import API_REFERENCE, GenerationError, new_workdir, remove_tree, run_generator
from codegen.layout import GENERATED_DIR, GENERATED_PACKAGE, OPENAPI_DIR, REPO_ROOT
from codegen.spec.checks import query_style_violations


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen regenerate", description=__doc__)
    parser.add_argument("--version", help="platform release under openapi/ (default: the newest)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when src/ampeco_public_api differs from the output",
    )
    parser.add_argument("--output", type=Path, help="write the package under this directory instead of src/")
    return parser


def generate_release(version: str | None, output_parent: Path | None = None) -> tuple[Path, Path, list[str]]:
    """Generate into a fresh temporary directory; returns (workdir, package dir, report lines)."""
    from codegen.spec import find_release
    from codegen.spec.normalize import normalize
    from codegen.spec.pipeline import accepted_shared_names, load_patched_spec

    release = find_release(version, OPENAPI_DIR)
    patched, overlay_report = load_patched_spec(release)
    violations = query_style_violations(patched)
    if violations:
        raise GenerationError("the spec breaks an assumption of the templates:\n" + "\n".join(violations))
    normalized, normalize_report = normalize(patched)
    workdir = new_workdir() if output_parent is None else output_parent
    result = run_generator(normalized, release.version, workdir)
    report = build_report(
        release.version,
        normalized,
        result.package_dir,
        normalize_report,
        len(overlay_report.results),
        result.warnings,
        accepted_shared_names(release),
    )
    if report.warnings or report.missing_operations:
        raise GenerationError("\n".join(report.lines()))
    return workdir, result.package_dir, report.lines()


def trees_differ(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two trees (missing on either side counts)."""
    differences: list[str] = []
    left_files = {
        p.relative_to(left) for p in left.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }
    right_files = {
        p.relative_to(right) for p in right.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }
    for relative in sorted(left_files ^ right_files):
        differences.append(str(relative))
    for relative in sorted(left_files & right_files):
        if not filecmp.cmp(left / relative, right / relative, shallow=False):
            differences.append(str(relative))
    return differences


def replace_atomically(new_package: Path, target_parent: Path) -> None:
    """Swap ``target_parent/ampeco_public_api`` for ``new_package`` with two renames."""
    target_parent.mkdir(parents=True, exist_ok=True)
    target = target_parent / GENERATED_PACKAGE
    staging = target_parent / f".{GENERATED_PACKAGE}.new-{os.getpid()}"
    retired = target_parent / f".{GENERATED_PACKAGE}.old-{os.getpid()}"
    shutil.copytree(new_package, staging)
    if target.exists():
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        workdir, package, lines = generate_release(args.version)
    except Exception as exc:  # report every failure the same way, with its message
        print(f"regenerate: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    try:
        for line in lines:
            print(line)
        target_parent = args.output if args.output is not None else GENERATED_DIR
        reference_dir = args.output if args.output is not None else REPO_ROOT
        new_reference = workdir / API_REFERENCE
        if args.check:
            differences = trees_differ(package, target_parent / GENERATED_PACKAGE)
            old_reference = reference_dir / API_REFERENCE
            if not old_reference.is_file() or old_reference.read_bytes() != new_reference.read_bytes():
                differences.append(f"../{API_REFERENCE}")
            if differences:
                count = len(differences)
                print(f"check                 FAILED: {count} files differ from src/ampeco_public_api, e.g.:")
                for relative in differences[:20]:
                    print(f"  {relative}")
                print("run scripts/regenerate and commit the result")
                return 1
            print(f"check                 src/ampeco_public_api and {API_REFERENCE} are up to date")
        else:
            replace_atomically(package, target_parent)
            shutil.copyfile(new_reference, reference_dir / API_REFERENCE)
            print(
                f"written               {target_parent / GENERATED_PACKAGE}, {reference_dir / API_REFERENCE}"
            )
            if args.output is None:
                from codegen.spec.artifact import ensure_mock_spec

                artifact = ensure_mock_spec(version=args.version)
                state = "written" if artifact.written else "up to date"
                print(f"mock spec             {artifact.spec_path.name} {state}")
        print(f"elapsed               {time.perf_counter() - started:.1f} s")
        return 0
    finally:
        remove_tree(workdir)
