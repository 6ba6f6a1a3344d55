"""Where the command line finds its tenant and token, and the client it builds from them.

The tenant URL comes from ``--base-url`` or ``AMPECO_BASE_URL``; the token from ``--token-file`` or
``AMPECO_API_TOKEN``, never from an argument: arguments are visible to every user of the machine (``ps``)
and stay in shell history. The token is wrapped in :class:`~ampeco._secret.Secret` as soon as it is read,
so no message or traceback can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ampeco._secret import Secret

if TYPE_CHECKING:
    from ampeco._client import Client

__all__ = ["Settings", "State", "read_secret_file"]

_MAX_SECRET_FILE_BYTES = 64 * 1024


def read_secret_file(path: str, what: str) -> Secret:
    """The first line of ``path``, hidden; a missing, unreadable or empty file is a configuration error."""
    from ampeco._exceptions import ConfigurationError

    try:
        with open(path, "rb") as handle:
            raw = handle.read(_MAX_SECRET_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigurationError(f"cannot read the {what} file {path!r}: {exc.strerror or exc}") from None
    if len(raw) > _MAX_SECRET_FILE_BYTES:
        raise ConfigurationError(f"the {what} file {path!r} is larger than 64 KiB; it should hold one line")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigurationError(f"the {what} file {path!r} is not UTF-8 text") from None
    lines = text.strip().splitlines()
    if not lines or not lines[0].strip():
        raise ConfigurationError(f"the {what} file {path!r} is empty")
    return Secret(lines[0].strip())


@dataclass(frozen=True)
class Settings:
    """The global options (``ampeco --base-url ... --token-file ... COMMAND``)."""

    base_url: str | None = None
    token_file: str | None = None
    timeout: float | None = None
    max_retries: int | None = None

    def token(self) -> Secret | None:
        """The token from ``--token-file``; ``None`` lets the client read ``AMPECO_API_TOKEN``."""
        return read_secret_file(self.token_file, "token") if self.token_file else None

    def client(self) -> Client:
        from ampeco._client import Client
        from ampeco._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT

        return Client(
            self.base_url,
            token=self.token(),
            timeout=DEFAULT_TIMEOUT if self.timeout is None else self.timeout,
            max_retries=DEFAULT_MAX_RETRIES if self.max_retries is None else self.max_retries,
        )


@dataclass
class State:
    """What the root command hands every subcommand (``ctx.obj``): the settings and the arguments as
    given, from which an interrupted listing spells the command that resumes it."""

    settings: Settings = field(default_factory=Settings)
    argv: list[str] = field(default_factory=list)
