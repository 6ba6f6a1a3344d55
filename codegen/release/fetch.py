"""Fetch a spec by URL (http, https, file) or path; the bytes are kept exactly as served."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import SpecFetchError

TIMEOUT_SECONDS = 60.0
_REMOTE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    raw: bytes
    origin: str  # the URL, or the file's ``file://`` URI: recorded as the lock's upstream_url


def is_url(source: str) -> bool:
    scheme = urllib.parse.urlsplit(source).scheme
    return len(scheme) > 1  # "C:\\spec.json" has a one-letter "scheme"


def fetch_spec(source: str, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    if not is_url(source):
        return _read_file(Path(source))
    parts = urllib.parse.urlsplit(source)
    if parts.scheme == "file":
        return _read_file(Path(urllib.request.url2pathname(parts.path)))
    if parts.scheme not in _REMOTE_SCHEMES or not parts.netloc:
        raise SpecFetchError(
            f"bad spec URL {source!r}: only http(s)://host/... and file:// URLs are supported"
        )
    try:
        with urllib.request.urlopen(source, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise SpecFetchError(f"cannot fetch spec from {source}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SpecFetchError(f"cannot fetch spec from {source}: {reason}") from exc
    if not raw:
        raise SpecFetchError(f"spec URL {source} returned an empty body")
    return Fetched(raw, source)


def _read_file(path: Path) -> Fetched:
    if not path.is_file():
        raise SpecFetchError(f"spec file {path} does not exist (or is not a file)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecFetchError(f"cannot read spec file {path}: {exc}") from exc
    return Fetched(raw, path.resolve().as_uri())
