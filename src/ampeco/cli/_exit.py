"""Exit codes, and which failure gets which: a script can tell "fix the command" from "retry later".

The codes are part of the command line's interface (listed in ``ampeco --help``); never renumber one.
"""

from __future__ import annotations

import enum

__all__ = ["EXIT_CODES_HELP", "ExitCode", "exit_code_for"]


class ExitCode(enum.IntEnum):
    OK = 0
    INTERNAL = 1  # a bug in ampeco: an unexpected exception (reported with its traceback)
    USAGE = 2  # the command line is wrong: unknown option, bad parameter, filter or body
    CONFIGURATION = 3  # no tenant URL or token, unreadable token file, invalid base URL
    API = 4  # the API answered with an error, or with a body that does not match the spec
    CONNECTION = 5  # no answer: connection refused or dropped, TLS failure, timeout
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


EXIT_CODES_HELP = """\b
Exit codes:
  0    success
  2    usage error: unknown option, bad parameter, filter or request body
  3    configuration error: no tenant URL or token, unreadable token file
  4    API error: an error status (422 prints each field error), or an invalid response
  5    connection failure: refused, dropped, TLS failure or timeout
  130  interrupted (Ctrl-C); a listing prints the --cursor to resume from
  1    unexpected internal error (please report it)"""


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code of an error raised while running a command."""
    from ampeco._exceptions import (
        AmpecoError,
        APIConnectionError,
        ConfigurationError,
        InvalidParameterError,
    )

    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(error, ConfigurationError):
        return ExitCode.CONFIGURATION
    if isinstance(error, InvalidParameterError):
        return ExitCode.USAGE
    if isinstance(error, APIConnectionError):
        return ExitCode.CONNECTION
    if isinstance(error, AmpecoError):
        return ExitCode.API
    return ExitCode.INTERNAL
