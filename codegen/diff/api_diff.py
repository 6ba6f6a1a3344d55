"""``scripts/api-diff``: what changed for a client user between two platform releases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from codegen.diff.model import ApiDiff
from codegen.diff.operations import diff_operations, operations
from codegen.diff.render import to_json, to_markdown
from codegen.layout import OPENAPI_DIR
from codegen.spec.source import SpecSide, load_side

JSON = dict[str, Any]


def diff_documents(old: SpecSide, new: SpecSide) -> ApiDiff:
    """Compare two prepared documents (see :func:`codegen.spec.source.prepare`)."""
    changes = sorted(diff_operations(old.document, new.document), key=lambda change: change.sort_key())
    return ApiDiff(
        old.label, new.label, len(operations(old.document)), len(operations(new.document)), changes
    )


def diff_sources(old: str, new: str, openapi_dir: Path = OPENAPI_DIR, store: Path | None = None) -> ApiDiff:
    """Compare two versions pinned under ``openapi_dir`` or two spec files (or one of each)."""
    return diff_documents(load_side(old, openapi_dir, store), load_side(new, openapi_dir, store))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codegen api-diff",
        description="Changelog of API changes between two releases (versions under openapi/ or spec files).",
    )
    parser.add_argument("old", help="older release: a version pinned under openapi/, or a spec file")
    parser.add_argument("new", help="newer release: a version pinned under openapi/, or a spec file")
    parser.add_argument("--format", choices=("md", "json"), default="md", help="output format (default: md)")
    parser.add_argument("--output", type=Path, help="write here instead of standard output")
    parser.add_argument(
        "--fail-on-breaking", action="store_true", help="exit 1 when any change is breaking for a client user"
    )
    parser.add_argument("--openapi-dir", type=Path, default=OPENAPI_DIR, help="where versions are pinned")
    parser.add_argument(
        "--store", type=Path, help="spec store (default: $AMPECO_SPEC_STORE or ../shared/openapi)"
    )
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        diff = diff_sources(args.old, args.new, args.openapi_dir, args.store)
    except Exception as exc:  # every failure is reported the same way: its type and message
        print(f"api-diff: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    text = to_json(diff) if args.format == "json" else to_markdown(diff)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.fail_on_breaking and diff.breaking:
        print(
            f"api-diff: {len(diff.breaking)} breaking change(s) from {diff.old_label} to {diff.new_label}",
            file=sys.stderr,
        )
        return 1
    return 0
