"""Error messages on stderr: the typed error's own message, every field error of a 422, the request id.

Messages come from the library's errors, which never contain the token (:mod:`ampeco._logs` redacts
it); what is printed here is run through the same redaction once more.
"""

from __future__ import annotations

import click

from ampeco._logs import redact
from ampeco.cli._exit import exit_code_for

__all__ = ["report"]

_CONFIGURATION_HINT = (
    "  (the command line reads AMPECO_BASE_URL and AMPECO_API_TOKEN, or --base-url URL and --token-file FILE)"
)


def report(error: BaseException) -> int:
    """Print ``error`` for a person reading stderr; return its exit code."""
    from ampeco._exceptions import APIStatusError, ConfigurationError

    code = exit_code_for(error)
    if isinstance(error, KeyboardInterrupt):
        click.echo("ampeco: interrupted", err=True)
        return code
    lines = [f"error: {error}"]
    if isinstance(error, ConfigurationError):
        lines.append(_CONFIGURATION_HINT)
    if isinstance(error, APIStatusError):
        for name, messages in error.errors.items():
            for message in messages:
                lines.append(f"  {name}: {message}")
        if error.request_id:
            lines.append(f"  (request id {error.request_id})")
    click.echo(redact("\n".join(lines)), err=True)
    return code
