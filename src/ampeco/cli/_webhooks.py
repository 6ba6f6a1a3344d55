"""``ampeco webhooks listen``: the command; the receiver itself is :mod:`ampeco.cli._receiver`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from ampeco._constants import ENV_API_TOKEN
from ampeco.cli._exit import ExitCode

if TYPE_CHECKING:
    from ampeco._secret import Secret

__all__ = ["webhooks"]

_WEEK = 7 * 24 * 3600.0


@click.group("webhooks", short_help="Receive and verify webhook notifications locally.")
def webhooks() -> None:
    """Webhook tools (subscribing is an API operation: ampeco notifications subscribe)."""


@webhooks.command("listen", short_help="Receive, verify and print webhook deliveries on a local port.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--secret-file",
    metavar="FILE",
    help="The signing secret: the API token the subscription was made with (default: the token of "
    "--token-file or $AMPECO_API_TOKEN).",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(0, _WEEK),
    metavar="SECONDS",
    help="Refuse deliveries whose X-Timestamp is further than SECONDS from now (replay protection).",
)
@click.option("--count", type=click.IntRange(min=1), metavar="N", help="Exit after N verified deliveries.")
@click.pass_context
def listen(
    ctx: click.Context,
    host: str,
    port: int,
    secret_file: str | None,
    tolerance: float | None,
    count: int | None,
) -> int:
    """Receive webhook deliveries on http://HOST:PORT/ (any path), verify each one and print it as a
    JSON line. Ctrl-C stops the receiver (exit 0)."""
    from ampeco._exceptions import ConfigurationError
    from ampeco.cli._errors import report
    from ampeco.cli._receiver import Receiver

    try:
        secret = _secret(ctx, secret_file)
    except ConfigurationError as error:
        return report(error)
    try:
        receiver = Receiver((host, port), secret, tolerance=tolerance, count=count)
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        return ExitCode.CONFIGURATION
    click.echo(f"ampeco: listening for webhooks on {receiver.url} (Ctrl-C to stop)", err=True)
    receiver.run()
    return ExitCode.OK


def _secret(ctx: click.Context, secret_file: str | None) -> Secret:
    from ampeco._exceptions import ConfigurationError
    from ampeco._secret import Secret
    from ampeco.cli._config import read_secret_file

    if secret_file is not None:
        return read_secret_file(secret_file, "secret")
    root = ctx.find_root().obj
    settings = getattr(root, "settings", None)
    if settings is not None and settings.token_file:
        return read_secret_file(settings.token_file, "token")
    value = os.environ.get(ENV_API_TOKEN, "").strip()
    if not value:
        raise ConfigurationError(
            f"no signing secret: pass --secret-file FILE (or set {ENV_API_TOKEN}, the token that subscribed)"
        )
    return Secret(value)
