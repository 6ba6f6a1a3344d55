"""One click command per operation, built only when it is used.

Listing a resource's commands (``ampeco charge-points --help``) needs only the operation index; the
parameters and help of a command are read from the generated source (:mod:`ampeco.cli._source`) when
that command is invoked or asked for ``--help``, and nothing imports an endpoint module before the
command actually runs.

Path parameters are arguments, query parameters options (``--per-page``, ``--include a,b``, booleans as
``--x/--no-x``); a listing's ``filter`` is ``--filter KEY=VALUE``; a body is ``--data``/``--set``. Every
value stays text until the command runs, when :mod:`ampeco.cli._run` converts it by the real annotations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ampeco.cli import _source
from ampeco.cli._registry import cli_name

if TYPE_CHECKING:
    from ampeco_public_api.operations import Operation

__all__ = ["FORMATS", "OperationCommand"]

_LISTING_OWN = ("cursor", "page")  # a listing's paging parameters belong to the pager (resume, start page)
_CHOICES_INLINE = 8
FORMATS = ("jsonl", "csv", "table")  # ampeco.cli._output.page_writer writes each


class OperationCommand(click.Command):
    """``ampeco RESOURCE [NAMESPACE...] METHOD``; params and help load on first use."""

    def __init__(self, name: str, operation: Operation) -> None:
        self.operation = operation
        self._endpoint: _source.Endpoint | None = None
        self._params: list[click.Parameter] | None = None
        super().__init__(
            name,
            callback=self._invoke,
            short_help=operation.summary + (" (deprecated)" if operation.deprecated else ""),
            deprecated=operation.deprecated,
        )

    # -- lazily built: click reads these attributes directly --------------------------------------------
    @property
    def params(self) -> list[click.Parameter]:
        if self._params is None:
            self._params = _parameters(self.operation, self.endpoint)
        return self._params

    @params.setter
    def params(self, value: list[click.Parameter]) -> None:  # click's __init__ assigns []
        if value:
            self._params = value

    @property
    def help(self) -> str | None:
        return _help_text(self.operation, self.endpoint)

    @help.setter
    def help(self, value: str | None) -> None:  # click's __init__ assigns None
        pass

    @property
    def endpoint(self) -> _source.Endpoint:
        if self._endpoint is None:
            self._endpoint = _source.endpoint(self.operation.module)
        return self._endpoint

    @property
    def is_listing(self) -> bool:
        return self.operation.returns == "pager"

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [
            (param.name.rstrip("_").upper(), _describe(param, self.endpoint))
            for param in self.endpoint.params
            if param.positional
        ]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        super().format_options(ctx, formatter)
        filter_param = self.endpoint.param("filter_")
        if filter_param is not None and filter_param.model and filter_param.model_module:
            rows = _model_rows(filter_param.model_module, filter_param.model)
            with formatter.section("Filters (--filter KEY=VALUE, snake_case or camelCase keys)"):
                if filter_param.description:
                    formatter.write_text(filter_param.description)
                formatter.write_dl(rows or [("(none)", "")])
        body = self.endpoint.param("body")
        if body is not None:
            with formatter.section(_body_heading(body)):
                if body.description:
                    formatter.write_text(body.description)
                formatter.write_dl(_body_rows(body))

    def _invoke(self, **values: Any) -> int:
        from ampeco.cli._run import run_operation

        return run_operation(click.get_current_context(), self.operation, self.endpoint, values)


# -- parameters ------------------------------------------------------------------------------------------


def _parameters(operation: Operation, endpoint: _source.Endpoint) -> list[click.Parameter]:
    listing = operation.returns == "pager"
    params: list[click.Parameter] = []
    for param in endpoint.params:
        if param.positional:
            params.append(click.Argument([param.name], metavar=param.name.rstrip("_").upper()))
        elif param.name == "filter_":
            params.append(
                click.Option(
                    ["--filter", "filter_"],
                    multiple=True,
                    metavar="KEY=VALUE",
                    help="Filter the listing (repeatable); the keys are listed below.",
                )
            )
        elif param.name == "body":
            params += _body_options(param)
        elif listing and param.name in _LISTING_OWN:
            continue
        else:
            params.append(_query_option(param, endpoint))
    if listing:
        params += _listing_options(endpoint)
    params.append(
        click.Option(
            ["-o", "--output", "cli_output"],
            metavar="FILE",
            help="Write to FILE instead of stdout"
            + (" (appended to when resuming with --cursor/--page)." if listing else "."),
        )
    )
    _check_unique(operation, params)
    return params


def _query_option(param: _source.Param, endpoint: _source.Endpoint) -> click.Option:
    flag = "--" + cli_name(param.name)
    description = _describe(param, endpoint)
    if _bare(param.annotation) == "bool":
        return click.Option([f"{flag}/--no-{flag[2:]}", param.name], default=None, help=description or None)
    multiple = _bare(param.annotation).startswith("list[")
    if multiple:
        description = (description + " Comma-separated, repeatable.").strip()
    return click.Option(
        [flag, param.name],
        metavar=_metavar(param),
        multiple=multiple,
        required=param.required,
        help=description or None,
    )


def _body_options(param: _source.Param) -> list[click.Parameter]:
    required = " Required." if param.required else ""
    return [
        click.Option(
            ["--data", "cli_data"],
            metavar="@FILE|-|JSON",
            help="The request body as JSON: @FILE, - (stdin) or the document itself." + required,
        ),
        click.Option(
            ["--set", "cli_set"],
            multiple=True,
            metavar="KEY=VALUE",
            help="Set one body field (repeatable; a.b=value for nested fields, key:=<json> for JSON "
            "values); applied on top of --data.",
        ),
    ]


def _listing_options(endpoint: _source.Endpoint) -> list[click.Parameter]:
    options: list[click.Parameter] = [
        click.Option(
            ["--limit", "cli_limit"],
            type=click.IntRange(min=0),
            metavar="N",
            help="Stop after N items (default: every page).",
        )
    ]
    if endpoint.param("cursor") is not None:
        options.append(
            click.Option(
                ["--cursor", "cli_cursor"],
                metavar="CURSOR",
                help="Resume an interrupted listing from the cursor it printed.",
            )
        )
    if endpoint.param("page") is not None:
        options.append(
            click.Option(
                ["--page", "cli_page"],
                type=click.IntRange(min=1),
                metavar="N",
                help="Start at page N (resume a listing that paginates by page number).",
            )
        )
    options += [
        click.Option(
            ["--format", "cli_format"],
            type=click.Choice(FORMATS),
            default="jsonl",
            show_default=True,
            help="jsonl: one JSON object per line; csv: one column per schema field (dotted for nested "
            "objects); table: aligned columns for a terminal.",
        ),
        click.Option(
            ["-q", "--quiet", "cli_quiet"],
            is_flag=True,
            help="No progress line on stderr (shown only when stderr is a terminal).",
        ),
    ]
    return options


def _check_unique(operation: Operation, params: list[click.Parameter]) -> None:
    seen: dict[str, str] = {}
    for param in params:
        for option in getattr(param, "opts", []) + getattr(param, "secondary_opts", []):
            if option in seen and option.startswith("-"):
                raise RuntimeError(f"{operation.operation_id}: option {option} is defined twice")
            seen[option] = param.name or ""


# -- help text -------------------------------------------------------------------------------------------


def _help_text(operation: Operation, endpoint: _source.Endpoint) -> str:
    parts = [endpoint.summary or operation.summary]
    if endpoint.description:
        parts.append(endpoint.description)
    parts.append(  # \b: click keeps these lines as they are (a path must not be broken at its dashes)
        f"\b\n{operation.http_method} {operation.path}\n"
        f"operation {operation.operation_id}, API v{operation.api_version}; "
        f"in Python: client.{operation.attribute_path}(...)"
    )
    if operation.deprecated:
        current = _source.replacement(operation.operation_id, operation.resource)
        if current is None:
            parts.append("Deprecated by AMPECO; api.md names its replacement.")
        else:
            command = " ".join(cli_name(part) for part in current.split("."))
            parts.append(f"Deprecated by AMPECO: use ampeco {command}.")
    return "\n\n".join(parts)


def _bare(annotation: str) -> str:
    return " | ".join(part for part in annotation.split(" | ") if part != "Unset")


def _choices(param: _source.Param) -> tuple[str, ...] | None:
    if param.model is None or param.model_module is None:
        return None
    return _source.enum_values(param.model_module, param.model)


def _metavar(param: _source.Param) -> str:
    bare = _bare(param.annotation)
    choices = _choices(param)
    if choices is not None and len(choices) <= _CHOICES_INLINE and not bare.endswith("| str"):
        single = "[" + "|".join(choices) + "]"
        return f"{single}[,...]" if bare.startswith("list[") else single
    names = {"int": "INTEGER", "str": "TEXT", "float": "NUMBER", "datetime.date": "YYYY-MM-DD"}
    if bare.startswith("list["):
        return "VALUE[,VALUE...]"
    return names.get(bare, "VALUE")


def _describe(param: _source.Param, endpoint: _source.Endpoint) -> str:
    description = param.description
    choices = _choices(param)
    if choices is not None and (len(choices) > _CHOICES_INLINE or _bare(param.annotation).endswith("| str")):
        listed = ", ".join(choices)
        description = f"{description} One of: {listed}.".strip()
    if param.positional:
        kind = _metavar(param) if choices is None else "one of " + ", ".join(choices)
        return f"{kind.lower() if kind.isupper() else kind}. {description}".strip()
    return description


_KINDS = {
    "int": "integer",
    "str": "text",
    "bool": "true|false",
    "float": "number",
    "datetime.datetime": "date-time with offset",
    "datetime.date": "date",
}


def _kind(annotation: str) -> str:
    """``datetime.datetime | None | Unset`` -> ``date-time with offset or null``, for help tables."""
    parts = []
    for part in _bare(annotation).split(" | "):
        if part.startswith("list[") and part.endswith("]"):
            parts.append(f"list of {_kind(part[5:-1])}")
        else:
            parts.append("null" if part == "None" else _KINDS.get(part, part))
    return " or ".join(parts)


def _model_rows(module: str, name: str) -> list[tuple[str, str]]:
    rows = []
    for field in _source.model_fields(module, name):
        kind = _kind(field.annotation)
        if field.model is not None and field.model_module is not None:
            values = _source.enum_values(field.model_module, field.model)
            if values is not None:
                listed = _bare(field.annotation).startswith("list[")
                kind = ("list of: " if listed else "one of ") + ", ".join(values)
        rows.append((field.wire, f"[{kind}] {field.description}".strip()))
    return rows


def _body_heading(body: _source.Param) -> str:
    model = _bare(body.annotation)
    return f"Body ({model}{'' if body.required else ', optional'}; --data and --set)"


def _body_rows(body: _source.Param) -> list[tuple[str, str]]:
    bare = _bare(body.annotation)
    if " | " in bare or bare.startswith("list[") or body.model is None or body.model_module is None:
        return [("(JSON)", f"one of: {bare}; see api.md and the API reference for their fields")]
    return _model_rows(body.model_module, body.model) or [("(JSON)", "a free-form object")]
