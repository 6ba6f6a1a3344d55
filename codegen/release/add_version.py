"""``scripts/add-version``: pin a new platform release, carry the overlay, regenerate, bump, changelog.

Nothing in the checkout changes until the new release is known to generate: the lock and overlay
are written first (generation reads them), and removed again if regeneration fails; the version
file and CHANGELOG.md are written last. The spec store is append-only, so a document stored by a
failed run stays (a re-run finds it and checks it is the same).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.diff.api_diff import diff_documents
from codegen.diff.model import ApiDiff
from codegen.errors import ChangelogError, RegenerationError, SpecVersionError, VersionAlreadyPinnedError
from codegen.layout import REPO_ROOT, RepoLayout
from codegen.release.carry_overlay import CarriedOverlay, carry_overlay
from codegen.release.changelog import has_entry, insert_entry, render_entry
from codegen.release.fetch import fetch_spec
from codegen.release.store_write import store_bytes, store_file_name
from codegen.release.version_file import read_versions, write_versions
from codegen.spec.release import LOCK_FILE, OVERLAY_FILE, Release, SpecLock, available_releases, version_key
from codegen.spec.source import VERSION_PATTERN, load_side, parse_document
from codegen.spec.store import SPEC_STORE_ENV, spec_store_dir

Say = Callable[[str], None]


@dataclass
class AddedVersion:
    version: str
    previous: str | None
    newest: bool  # generated/ and _version.py were updated (False: an older release was backfilled)
    lock: SpecLock
    overlay: CarriedOverlay
    diff: ApiDiff | None


def spec_version(document: dict[str, Any], origin: str) -> str:
    info = document.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    if not isinstance(version, str) or not VERSION_PATTERN.match(version):
        raise SpecVersionError(
            f"{origin} has no usable info.version (got {version!r}); a platform release is X.Y.Z"
        )
    return version


def _previous_release(releases: list[Release], version: str) -> Release | None:
    older = [r for r in releases if version_key(r.version) < version_key(version)]
    return older[-1] if older else None


def _overlay_notes(carried: CarriedOverlay, previous: str | None) -> list[str]:
    if carried.source is None:
        return []
    notes = [f"{len(carried.kept)} overlay fixes carried over from {previous}."]
    notes += [
        f"Dropped, no longer matches this release: {a.description or '(no description)'} (`{a.target}`)"
        for a in carried.dropped
    ]
    return notes


def _regenerate(layout: RepoLayout, version: str, store: Path, say: Say) -> None:
    """Run the checkout's own ``scripts/regenerate`` (it generates from that checkout's openapi/)."""
    command, env = layout.codegen_command("regenerate", "--version", version)
    env[SPEC_STORE_ENV] = str(store)
    completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=layout.root, check=False)
    if completed.returncode != 0:
        raise RegenerationError(
            f"scripts/regenerate --version {version} failed (exit {completed.returncode}):\n"
            f"{completed.stdout}{completed.stderr}"
        )
    for line in completed.stdout.splitlines():
        say(f"  {line}")


def add_version(
    source: str,
    layout: RepoLayout,
    store: Path,
    upstream_url: str | None = None,
    say: Say = print,
) -> AddedVersion:
    fetched = fetch_spec(source)
    document = parse_document(fetched.raw, fetched.origin)
    version = spec_version(document, fetched.origin)
    say(f"spec                  {fetched.origin} (info.version {version})")
    release_dir = layout.openapi_dir / version
    if release_dir.exists():
        raise VersionAlreadyPinnedError(f"platform release {version} is already pinned: {release_dir} exists")
    changelog_text = layout.changelog.read_text(encoding="utf-8") if layout.changelog.is_file() else ""
    if has_entry(changelog_text, version):
        raise ChangelogError(f"{layout.changelog} already has an entry for {version}")
    releases = available_releases(layout.openapi_dir)
    previous = _previous_release(releases, version)
    newest = all(version_key(r.version) < version_key(version) for r in releases)

    stored = store_bytes(fetched.raw, document, version, store)
    state = "already there, same sha256" if stored.reused else "written"
    say(f"spec store            {stored.path} ({state}; sha256 {stored.sha256})")
    lock = SpecLock(version, store_file_name(version), stored.sha256, upstream_url or fetched.origin)
    carried = carry_overlay(previous, document)
    for line in carried.report_lines(previous.version if previous else None):
        say(line)

    release_dir.mkdir(parents=True)
    try:
        (release_dir / LOCK_FILE).write_text(lock.to_json(), encoding="utf-8")
        if carried.text is not None:
            (release_dir / OVERLAY_FILE).write_text(carried.text, encoding="utf-8")
        say(f"pinned                {release_dir}")
        diff = None
        if previous is not None:
            old_side = load_side(previous.version, layout.openapi_dir, store)
            diff = diff_documents(old_side, load_side(version, layout.openapi_dir, store))
            say(
                f"api changes           {len(diff.breaking)} breaking, "
                f"{len(diff.changes) - len(diff.breaking)} other (since {previous.version})"
            )
        if newest:
            say(f"regenerate            {layout.generated_dir}")
            _regenerate(layout, version, store, say)
    except BaseException:
        shutil.rmtree(release_dir, ignore_errors=True)
        say(f"rolled back           removed {release_dir}; {stored.path} stays in the spec store")
        raise

    if newest:
        before = read_versions(layout.version_file)
        write_versions(layout.version_file, version)
        say(f"version               {before['__version__']} -> {version} ({layout.version_file})")
    else:
        say(f"version               unchanged: {version} is older than the newest pinned release")
    notes = _overlay_notes(carried, previous.version if previous else None)
    entry = render_entry(version, lock.file, lock.sha256, diff, notes, first=not releases)
    layout.changelog.write_text(insert_entry(changelog_text, version, entry), encoding="utf-8")
    say(f"changelog             {layout.changelog} (entry for {version})")
    return AddedVersion(version, previous.version if previous else None, newest, lock, carried, diff)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codegen add-version", description="Pin a new AMPECO platform release."
    )
    parser.add_argument("source", help="the release's OpenAPI document: an http(s) URL or a file path")
    parser.add_argument("--upstream-url", help="record this as the lock's upstream_url (default: the source)")
    parser.add_argument(
        "--repo-root", type=Path, default=REPO_ROOT, help="checkout to work on (default: this one)"
    )
    parser.add_argument(
        "--store", type=Path, help="spec store (default: $AMPECO_SPEC_STORE or ../shared/openapi)"
    )
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        layout = RepoLayout.at(args.repo_root)
        store = args.store if args.store is not None else spec_store_dir()
        add_version(args.source, layout, store, args.upstream_url)
    except Exception as exc:  # every failure is reported the same way: its type and message
        print(f"add-version: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(f"elapsed               {time.perf_counter() - started:.1f} s")
    return 0
