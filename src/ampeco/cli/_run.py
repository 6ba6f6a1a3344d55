"""Running one operation command: arguments converted and checked, one request (or a listing walked by
:mod:`ampeco.cli._listing`), the result written, and every failure turned into a message and an exit code.

Everything the command line says is checked before the client is even built: a bad value, filter or
body is a usage error and no request is sent.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import os
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

import click

from ampeco._exceptions import AmpecoError, InvalidParameterError
from ampeco._model_fields import shape_of
from ampeco.cli._body import BodyError, build_body, read_document
from ampeco.cli._config import State
from ampeco.cli._convert import BadValue, to_python
from ampeco.cli._errors import report
from ampeco.cli._exit import ExitCode
from ampeco.cli._filter import build_filter
from ampeco.cli._listing import export
from ampeco.cli._output import page_writer, write_json
from ampeco.cli._progress import Progress

if TYPE_CHECKING:
    from ampeco.cli._source import Endpoint
    from ampeco_public_api.operations import Operation

__all__ = ["cli_path", "run_operation"]


@dataclass
class _Call:
    args: list[Any]
    kwargs: dict[str, Any]
    limit: int | None = None
    cursor: str | None = None
    page: int | None = None


def run_operation(
    ctx: click.Context, operation: Operation, endpoint: Endpoint, values: dict[str, Any]
) -> int:
    try:
        return _run(ctx, operation, endpoint, values)
    except BrokenPipeError:  # the reader went away (ampeco cdrs list | head): stop quietly, not an error
        _silence_stdout()
        return ExitCode.OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # stdout is not a file descriptor (tests)
        pass


def _run(ctx: click.Context, operation: Operation, endpoint: Endpoint, values: dict[str, Any]) -> int:
    state = ctx.find_root().obj
    if not isinstance(state, State):
        state = State()
    module = importlib.import_module(operation.module)
    call = _prepare(operation, endpoint, module, values)
    listing = operation.returns == "pager"
    resuming = call.cursor is not None or call.page is not None
    try:
        client = state.settings.client()
    except AmpecoError as error:
        return report(error)
    with client, _output(values.get("cli_output"), append=listing and resuming) as (stream, appending):
        method = _method(client, operation)
        kwargs = _renamed(method, call.kwargs)
        if not listing:
            try:
                result = method(*call.args, **kwargs)
            except (AmpecoError, KeyboardInterrupt) as error:
                return report(error)
            if result is not None:
                write_json(stream, result)
            return ExitCode.OK
        paging: dict[str, Any] = {"limit": call.limit}
        if call.cursor is not None:
            paging["cursor"] = call.cursor
        if call.page is not None:
            paging["page"] = call.page
        try:
            pager = method(*call.args, **kwargs, **paging)
        except AmpecoError as error:
            return report(error)
        writer = page_writer(
            values.get("cli_format") or "jsonl",
            stream,
            _item_annotation(method),
            header=not (resuming and (appending or stream is sys.stdout)),
        )
        progress = Progress(
            sys.stderr, cli_path(operation), enabled=not values.get("cli_quiet") and _is_terminal(sys.stderr)
        )
        return export(pager, writer, progress, argv=state.argv, start=(call.cursor, call.page))


def cli_path(operation: Operation) -> str:
    from ampeco.cli._registry import cli_name

    return " ".join(cli_name(part) for part in operation.attribute_path.split("."))


# -- arguments -------------------------------------------------------------------------------------------


def _prepare(operation: Operation, endpoint: Endpoint, module: Any, values: dict[str, Any]) -> _Call:
    """Every command-line value converted by the endpoint's real annotations (usage errors raise)."""
    hints = typing.get_type_hints(module.sync_detailed)
    listing = operation.returns == "pager"
    call = _Call([], {}, limit=values.get("cli_limit"))
    if listing:
        call.cursor = values.get("cli_cursor")
        call.page = values.get("cli_page")
    try:
        for param in endpoint.params:
            annotation = hints[param.name]
            value = values.get(param.name)
            if param.positional:
                call.args.append(to_python(str(value), annotation, param.name.rstrip("_").upper()))
            elif param.name == "filter_":
                if value:
                    call.kwargs[param.name] = _filter(annotation, list(value), operation)
            elif param.name == "body":
                body = _body(annotation, values.get("cli_data"), list(values.get("cli_set") or ()))
                if body is not None:
                    call.kwargs[param.name] = body
                elif param.required:
                    raise click.UsageError(
                        "this operation needs a request body: --data @FILE, --data - or --set KEY=VALUE"
                    )
            elif listing and param.name in ("cursor", "page"):
                continue
            elif value is not None and value != ():
                text = ",".join(value) if isinstance(value, tuple) else value
                if isinstance(text, bool):
                    call.kwargs[param.name] = text
                else:
                    call.kwargs[param.name] = to_python(text, annotation, "--" + param.name.rstrip("_"))
    except (BadValue, BodyError) as error:
        raise click.UsageError(str(error)) from None
    return call


def _filter(annotation: Any, pairs: list[str], operation: Operation) -> Any:

    (model,) = shape_of(annotation).models
    try:
        return build_filter(model, pairs, operation=operation.operation_id)
    except InvalidParameterError as error:
        raise click.UsageError(str(error)) from None


def _body(annotation: Any, data: str | None, assignments: list[str]) -> Any:
    if data is None and not assignments:
        return None
    document = read_document(data, sys.stdin) if data is not None else None
    return build_body(annotation, document, assignments)


def _method(client: Any, operation: Operation) -> Any:
    target = client
    for part in operation.attribute_path.split("."):
        target = getattr(target, part)
    return target


def _renamed(method: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Endpoint names (``filter_``, ``type_``) to the resource method's (``filter``, ``type``)."""
    by_stem = {name.rstrip("_"): name for name in inspect.signature(method).parameters}
    return {by_stem[name.rstrip("_")]: value for name, value in kwargs.items()}


def _item_annotation(method: Any) -> Any:
    returned = typing.get_type_hints(method).get("return")
    arguments = typing.get_args(returned)
    return arguments[0] if arguments else Any


# -- output ----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _output(path: str | None, *, append: bool) -> Iterator[tuple[TextIO, bool]]:
    """The stream to write to and whether it continues an earlier export (a non-empty file appended to)."""
    if path is None or path == "-":
        yield sys.stdout, False
        return
    appending = append and os.path.exists(path) and os.path.getsize(path) > 0
    try:
        handle = open(path, "a" if appending else "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise click.UsageError(f"--output: cannot write {path!r}: {exc.strerror or exc}") from None
    with handle:
        yield handle, appending


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(callable(isatty) and isatty())
