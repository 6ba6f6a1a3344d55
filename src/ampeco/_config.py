"""Turn constructor arguments and environment variables into validated settings.

Every problem raises :class:`ConfigurationError` saying what to set; the token's value is never echoed.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ampeco._constants import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT,
    ENV_API_TOKEN,
    ENV_BASE_URL,
)
from ampeco._exceptions import ConfigurationError
from ampeco._secret import Secret

_API_PREFIX = "/public-api"
_IPV4_LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")
_IPV6_LOOPBACK = ipaddress.IPv6Address("::1")
# DNS labels (underscores allowed, as some internal names use them), dot-separated.
_HOST_NAME = re.compile(
    r"(?i)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?"
)


@dataclass(frozen=True, slots=True)
class Timeout:
    """How long one attempt may take: ``total`` (connect, send, wait, read the body) and ``connect``.

    Each retry gets a fresh budget. Pass a number to ``timeout=`` to set ``total`` only.
    """

    total: float = DEFAULT_TIMEOUT
    connect: float = DEFAULT_CONNECT_TIMEOUT

    def __post_init__(self) -> None:
        for name in ("total", "connect"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigurationError(f"Timeout.{name} must be a number of seconds, got {value!r}")
            if not (value > 0 and math.isfinite(value)):
                raise ConfigurationError(
                    f"Timeout.{name} must be a positive number of seconds, got {value!r}"
                )


def resolve_timeout(value: object) -> Timeout:
    if isinstance(value, Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(
            f"timeout must be a number of seconds or ampeco.Timeout(total=..., connect=...), got {value!r}"
            " (a timeout is always required)"
        )
    total = float(value)
    return Timeout(total=total, connect=min(DEFAULT_CONNECT_TIMEOUT, total) if total > 0 else total)


def resolve_max_retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"max_retries must be an integer >= 0, got {value!r}")
    return value


def resolve_max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(
            f"max_response_bytes must be a positive integer number of bytes, got {value!r}"
        )
    return value


def resolve_seconds(name: str, value: object, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ConfigurationError(f"{name} must be a non-negative number, got {value!r}")
    return float(value)


def resolve_rate(value: object) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(f"requests_per_second must be a positive number or None, got {value!r}")
    return float(value)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine for certain: ``localhost``, ``127.0.0.0/8`` or ``::1``.

    Literal forms only: ``*.localhost`` names and other spellings may be resolved elsewhere (a proxy, a
    resolver that does not special-case them), so plain http is not allowed for them.
    """
    host = host.lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return address in _IPV4_LOOPBACK
    return address == _IPV6_LOOPBACK


def _check_characters(source: str, value: str) -> None:
    """A URL is plain printable ASCII: full-width look-alikes, zero-width characters and control
    characters would otherwise reach httpx (``InvalidURL``) or, worse, name another host."""
    for index, char in enumerate(value):
        if not (char.isascii() and char.isprintable()):
            name = unicodedata.name(char, "control character")
            raise ConfigurationError(
                f"{source} contains U+{ord(char):04X} ({name}) at position {index}: type the tenant URL "
                "in plain ASCII (internationalized host names in their xn-- form)"
            )


def _check_host(source: str, host: str, value: str) -> None:
    if _HOST_NAME.fullmatch(host):
        return
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ConfigurationError(
            f"{source} has an invalid host name {host!r} (letters, digits, '-' and '.' only): {value!r}"
        ) from None


def _read_env(environ: Mapping[str, str] | None, name: str) -> str | None:
    # Never bind os.environ to a local: a traceback with locals would print every variable in it.
    return (os.environ if environ is None else environ).get(name)


def resolve_base_url(value: object, environ: Mapping[str, str] | None = None) -> str:
    """Normalize a tenant URL: ``acme.ampeco.tech`` -> ``https://acme.ampeco.tech``.

    The ``/public-api`` suffix and trailing slashes are dropped (endpoint paths carry them); plain http is
    allowed for loopback hosts only, because the token would otherwise cross the network in clear text.
    """
    source = "base_url"
    if value is None:
        value = _read_env(environ, ENV_BASE_URL)
        source = ENV_BASE_URL
        if value is None or not value.strip():
            raise ConfigurationError(
                f"No AMPECO tenant URL: pass base_url='https://<tenant>.ampeco.tech' or set {ENV_BASE_URL}"
            )
    if not isinstance(value, str):
        raise ConfigurationError(
            f"base_url must be a string such as 'https://acme.ampeco.tech', got {value!r}"
        )
    raw = value.strip()
    if not raw:
        raise ConfigurationError(
            f"{source} is empty: set it to your tenant URL, e.g. https://acme.ampeco.tech"
        )
    _check_characters(source, raw)
    if "://" not in raw:
        raw = "https://" + raw.lstrip("/")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ConfigurationError(f"{source} is not a valid URL ({exc}): {value!r}") from None
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("http", "https"):
        raise ConfigurationError(f"{source} must use https:// (got scheme {parts.scheme!r} in {value!r})")
    if not host or any(c.isspace() for c in raw):
        raise ConfigurationError(f"{source} has no valid host name: {value!r}")
    _check_host(source, host, value)
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            f"{source} must not contain credentials (user:password@); pass the API token as token= instead"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"{source} must not contain a query string or fragment: {value!r}")
    if scheme == "http" and not is_loopback(host):
        raise ConfigurationError(
            f"{source} uses plain http:// for {host!r}; the API token would travel unencrypted. "
            "Use https:// (plain http is only allowed for localhost / loopback addresses)."
        )
    path = parts.path.rstrip("/")
    if path.lower().endswith(_API_PREFIX):
        path = path[: -len(_API_PREFIX)]
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, path, "", ""))


def resolve_token(value: Secret | None, environ: Mapping[str, str] | None = None) -> Secret:
    """Validate the API token without ever putting it into a message or a local variable.

    The token arrives wrapped (the constructor's first line wraps it) and leaves wrapped, so a traceback
    with ``capture_locals=True`` from any line here shows ``Secret('***')`` only.
    """
    source = "token"
    if value is None:
        value = Secret.hide(_read_env(environ, ENV_API_TOKEN))
        source = ENV_API_TOKEN
        if value is None or not value.reveal().strip():
            raise ConfigurationError(
                f"No API token: pass token='...' or set {ENV_API_TOKEN} "
                "(create one in the AMPECO back office under Settings > Public API)"
            )
    if not value.is_text():
        raise ConfigurationError(f"{source} must be a string, got a {value.kind}")
    token = value.normalized()
    if not token.reveal():
        raise ConfigurationError(f"{source} is empty: set it to your AMPECO API token")
    if any(c.isspace() or not c.isprintable() for c in token.reveal()):
        raise ConfigurationError(
            f"{source} contains whitespace or control characters; copy the token again without line breaks"
        )
    if not token.reveal().isascii():
        raise ConfigurationError(
            f"{source} contains non-ASCII characters; it cannot be sent in an HTTP header"
        )
    return token
