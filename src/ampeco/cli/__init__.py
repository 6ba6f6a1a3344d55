"""``ampeco``: the command line, one command per operation of the resource layer.

``ampeco cdrs list --format csv --output cdrs.csv`` exports every CDR; ``ampeco charge-points read 12``
prints one charge point as JSON. Needs the ``cli`` extra (``pip install 'ampeco-public-api[cli]'``, which
adds click). Run ``ampeco --help``; the exit codes are listed there and in :mod:`ampeco.cli._exit`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    try:
        import click
    except ImportError:
        print(
            "ampeco: the command line needs the cli extra: pip install 'ampeco-public-api[cli]'",
            file=sys.stderr,
        )
        return 3
    from ampeco.cli._app import cli
    from ampeco.cli._config import State
    from ampeco.cli._exit import ExitCode

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args, prog_name="ampeco", standalone_mode=False, obj=State(argv=args))
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("ampeco: interrupted", err=True)
        return ExitCode.INTERRUPTED
    return result if isinstance(result, int) else ExitCode.OK
