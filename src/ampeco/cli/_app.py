"""The ``ampeco`` command: global options, one group per resource, and the built-in commands.

``ampeco --help`` lists the resources from the operation index and ``ampeco RESOURCE --help`` their
commands; no endpoint module or model is imported to do so.
"""

from __future__ import annotations

from typing import Any

import click

from ampeco._version import __api_version__, __version__
from ampeco.cli._config import Settings, State
from ampeco.cli._exit import EXIT_CODES_HELP, ExitCode
from ampeco.cli._registry import Node, tree

__all__ = ["cli"]

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 110}

_EPILOG = f"""\b
Configuration:
  AMPECO_BASE_URL    the tenant URL (or --base-url), e.g. https://acme.ampeco.tech
  AMPECO_API_TOKEN   the API token (or --token-file); never given as an argument

\b
Examples:
  ampeco cdrs list --format csv --output cdrs.csv
  ampeco charge-points read 12
  ampeco sessions list --filter status=finished --limit 100
  ampeco charge-points start-charging-session 12 1 --set userId=7

{EXIT_CODES_HELP}"""


class _Lookup(click.Group):
    """A group whose unknown command names get close-match suggestions."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        command = self.get_command(ctx, name)
        if command is None and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3)
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            raise click.UsageError(f"No such command {name!r}.{hint}", ctx)
        return super().resolve_command(ctx, args)


class NodeGroup(_Lookup):
    """A resource (``ampeco cdrs``) or namespace (``ampeco charge-points evses``)."""

    def __init__(self, node: Node) -> None:
        self.node = node
        super().__init__(node.name, short_help=node.summary(), context_settings=_CONTEXT)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.node.command_names()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        group = self.node.groups.get(cmd_name)
        if group is not None:
            return NodeGroup(group)
        operation = self.node.operations.get(cmd_name)
        if operation is None:
            return None
        from ampeco.cli._command import OperationCommand

        return OperationCommand(cmd_name, operation)


class RootGroup(_Lookup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*tree().command_names(), *_BUILTINS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        builtin = _BUILTINS.get(cmd_name)
        if builtin is not None:
            return builtin()
        node = tree().groups.get(cmd_name)
        return NodeGroup(node) if node is not None else None


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"ampeco-public-api {__version__} (AMPECO platform release {__api_version__})")
        ctx.exit(ExitCode.OK)


def _refuse_token(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value is not None and not ctx.resilient_parsing:
        raise click.UsageError(
            "the API token is never taken as an argument (it would show in the process list and shell "
            "history): set AMPECO_API_TOKEN or use --token-file FILE",
            ctx,
        )


@click.group(cls=RootGroup, context_settings=_CONTEXT, epilog=_EPILOG)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Print the client version and the AMPECO platform release, then exit.",
)
@click.option("--base-url", metavar="URL", help="The tenant URL (default: $AMPECO_BASE_URL).")
@click.option(
    "--token-file",
    metavar="FILE",
    help="Read the API token from the first line of FILE (default: $AMPECO_API_TOKEN).",
)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per attempt.")
@click.option(
    "--max-retries",
    type=click.IntRange(min=0),
    help="Retries of a failed request (5xx, 429, connection errors).",
)
@click.option("--token", hidden=True, expose_value=False, callback=_refuse_token, is_eager=True)
@click.pass_context
def cli(
    ctx: click.Context,
    base_url: str | None,
    token_file: str | None,
    timeout: float | None,
    max_retries: int | None,
) -> None:
    """Every operation of the AMPECO.CHARGE Public API as a command: ampeco RESOURCE COMMAND.

    Listings walk every page and print JSON Lines (--format csv or table), with a progress line on a
    terminal; an interrupted listing prints the --cursor to resume from. Commands and their options
    follow the Python client's names (client.charge_points.read(12) is ampeco charge-points read 12).
    """
    state = ctx.ensure_object(State)
    state.settings = Settings(base_url, token_file, timeout, max_retries)


def _webhooks() -> click.Command:
    from ampeco.cli._webhooks import webhooks

    return webhooks


def _mock() -> click.Command:
    return _mock_command


@click.command(
    "mock",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    add_help_option=False,
    short_help="Run a mock AMPECO tenant on this machine (ampeco mock --help).",
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def _mock_command(args: tuple[str, ...]) -> int:
    """Run the mock tenant: the options are ampeco-mock's (ampeco mock --help lists them)."""
    try:
        from ampeco.mock.__main__ import main
    except ImportError as missing:
        click.echo(
            f"error: ampeco mock needs the mock extra: pip install 'ampeco-public-api[mock]' ({missing})",
            err=True,
        )
        return ExitCode.CONFIGURATION
    return main(list(args))


_BUILTINS = {"webhooks": _webhooks, "mock": _mock}
