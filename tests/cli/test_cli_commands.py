"""The command tree and its help, for every operation: names from the operation index, parameters and
descriptions from the generated source, and help that never imports httpx or an endpoint module."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import shutil
import subprocess
import sys
import typing
from collections.abc import Callable

import attrs
import click
import pytest

from ampeco._version import __api_version__, __version__
from ampeco.cli import _source
from ampeco.cli._app import cli as root
from ampeco.cli._command import FORMATS, OperationCommand
from ampeco.cli._output import page_writer
from ampeco.cli._registry import cli_name, tree
from ampeco_public_api.operations import OPERATIONS, Operation
from tests.cli.conftest import Result, run_process, subprocess_env


def command_for(operation: Operation) -> OperationCommand:
    node = tree().groups[cli_name(operation.resource)]
    for part in operation.namespace:
        node = node.groups[cli_name(part)]
    return OperationCommand(cli_name(operation.method), operation)


def help_of(command: click.Command, *path: str) -> str:
    with click.Context(root, info_name="ampeco") as parent:
        context = click.Context(command, info_name=" ".join(path) or command.name, parent=parent)
        return command.get_help(context)


def test_every_operation_is_a_command_at_its_resource_layer_path(cli: Callable[..., Result]) -> None:
    paths = set()
    for operation in OPERATIONS:
        node = tree()
        words = [cli_name(part) for part in operation.attribute_path.split(".")]
        for word in words[:-1]:
            node = node.groups[word]
        assert node.operations[words[-1]] is operation
        paths.add(tuple(words))
    assert len(paths) == len(OPERATIONS)
    assert tree().count() == len(OPERATIONS)


def test_examples_from_the_issue_resolve(cli: Callable[..., Result]) -> None:
    assert tree().groups["cdrs"].operations["list"].operation_id == "cdrsListing"
    assert tree().groups["charge-points"].operations["read"].attribute_path == "charge_points.read"
    start = tree().groups["charge-points"].operations["start-charging-session"]
    assert start.attribute_path == "charge_points.start_charging_session"


def test_builtin_commands_do_not_shadow_a_resource() -> None:
    assert not {"mock", "webhooks"} & set(tree().groups)


def test_root_help_lists_every_resource_the_builtins_and_the_exit_codes(cli: Callable[..., Result]) -> None:
    result = cli(None, "--help")
    assert result.code == 0
    for resource in tree().groups:
        assert f"\n  {resource} " in result.out or f"\n  {resource}\n" in result.out
    assert "mock" in result.out and "webhooks" in result.out
    for code in ("0 ", "2 ", "3 ", "4 ", "5 ", "130 "):
        assert f"\n    {code}" in result.out
    assert "AMPECO_BASE_URL" in result.out and "AMPECO_API_TOKEN" in result.out


@pytest.mark.parametrize("resource", sorted(tree().groups))
def test_resource_help_lists_its_commands(cli: Callable[..., Result], resource: str) -> None:
    result = cli(None, resource, "--help")
    assert result.code == 0
    node = tree().groups[resource]
    for name in node.command_names():
        assert f"\n  {name} " in result.out or f"\n  {name}\n" in result.out
    for name, operation in node.operations.items():
        assert operation.summary.split(" / ")[0] in result.out, name


def test_every_command_builds_and_its_help_carries_summary_description_and_parameters() -> None:
    for operation in OPERATIONS:
        command = command_for(operation)
        endpoint = command.endpoint
        text = help_of(command, operation.attribute_path)
        assert endpoint.summary in text, operation.operation_id
        assert operation.path in text
        for paragraph in endpoint.description.split("\n\n"):
            first_words = " ".join(paragraph.split()[:4])
            assert first_words in " ".join(text.split()), operation.operation_id
        for param in endpoint.params:
            if param.positional:
                assert param.name.rstrip("_").upper() in text
            elif param.name == "filter_":
                assert "--filter" in text and "Filters (" in text
            elif param.name == "body":
                assert "--data" in text and "--set" in text
            elif operation.returns == "pager" and param.name in ("cursor", "page"):
                continue  # the pager's own --cursor/--page (resume, start page) replace them
            else:
                assert "--" + cli_name(param.name) in text, (operation.operation_id, param.name)
            if param.description:
                assert " ".join(param.description.split()[:3]) in " ".join(text.split()), param
        if operation.returns == "pager":
            assert "--limit" in text and "--format" in text
            assert ("\n  --cursor CURSOR" in text) == (endpoint.param("cursor") is not None)
            assert ("\n  --page N" in text) == (endpoint.param("page") is not None)


def test_help_shows_filter_keys_with_their_descriptions_and_enum_values(cli: Callable[..., Result]) -> None:
    result = cli(None, "cdrs", "list", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "startDateTimeFrom [date-time with offset] Filters CDRs by the start time" in text
    assert "deliveryResponse [one of fail, success]" in text
    assert "--include [externalAppData][,...]" in text


def test_source_view_matches_the_imported_endpoint_for_every_operation() -> None:
    """Help reads the generated files with ``ast``; running imports them: both must agree."""
    for operation in OPERATIONS:
        endpoint = _source.endpoint(operation.module)
        function = importlib.import_module(operation.module).sync_detailed
        signature = inspect.signature(function)
        real = [(name, p) for name, p in signature.parameters.items() if name != "client"]
        assert [param.name for param in endpoint.params] == [name for name, _ in real]
        hints = typing.get_type_hints(function)
        for param, (name, parameter) in zip(endpoint.params, real, strict=True):
            assert param.positional == (parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD), name
            assert param.required == (parameter.default is inspect.Parameter.empty), name
            if param.model is not None:
                assert param.model_module is not None
                model = getattr(importlib.import_module(param.model_module), param.model)
                assert model in _classes_in(hints[name]), (operation.operation_id, name)
        docstring = inspect.getdoc(function) or ""
        assert docstring.startswith(endpoint.summary)


def _classes_in(annotation: object) -> set[object]:
    found = {annotation}
    for argument in typing.get_args(annotation):
        found |= _classes_in(argument)
    return found


def test_source_view_of_every_filter_and_body_model_matches_the_class() -> None:
    checked = 0
    for operation in OPERATIONS:
        for param in _source.endpoint(operation.module).params:
            if param.name not in ("filter_", "body") or param.model is None or param.model_module is None:
                continue
            model = getattr(importlib.import_module(param.model_module), param.model)
            if not attrs.has(model):
                continue
            fields = _source.model_fields(param.model_module, param.model)
            declared = [field.name for field in attrs.fields(model) if field.name != "additional_properties"]
            assert [field.python for field in fields] == declared, param.model
            assert {field.wire for field in fields} == set(model.__ampeco_fields__), param.model
            checked += 1
    assert checked > 200


def test_enum_values_read_from_source_match_the_enum_classes() -> None:
    from ampeco_public_api.models.cdr_delivery_response import CdrDeliveryResponse
    from ampeco_public_api.models.clock_aligned_interval import ClockAlignedInterval

    module = "ampeco_public_api.models."
    assert _source.enum_values(module + "clock_aligned_interval", "ClockAlignedInterval") == tuple(
        str(member.value) for member in ClockAlignedInterval
    )
    assert _source.enum_values(module + "cdr_delivery_response", "CdrDeliveryResponse") == tuple(
        member.value for member in CdrDeliveryResponse
    )
    assert _source.enum_values(module + "cdr_filter", "CdrFilter") is None


def test_every_output_format_has_a_writer() -> None:
    import io

    for fmt in FORMATS:
        page_writer(fmt, io.StringIO(), int)
    with pytest.raises(ValueError, match="unknown output format"):
        page_writer("xml", io.StringIO(), int)


def test_help_imports_neither_httpx_nor_any_endpoint_or_model_module() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from ampeco.cli import main\n"
        "for args in (['--help'], ['charge-points', '--help'], ['sessions', 'list', '--help'],"
        " ['charge-points', 'start-charging-session', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        assert main(args) == 0\n"
        "generated = ('ampeco_public_api.api.', 'ampeco_public_api.models', 'ampeco_public_api.resources')\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('httpx', 'attrs', 'httpcore')"
        " or m.startswith(generated)])"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(completed.stdout.replace("'", '"')) == []


def test_version_prints_the_package_and_platform_release() -> None:
    script = shutil.which("ampeco", path=os.path.dirname(sys.executable))
    assert script is not None, "the console script is installed with the package"
    completed = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0
    assert (
        completed.stdout.strip()
        == f"ampeco-public-api {__version__} (AMPECO platform release {__api_version__})"
    )


def test_unknown_commands_suggest_close_names(cli: Callable[..., Result]) -> None:
    result = cli(None, "cdrs", "lst")
    assert result.code == 2
    assert "No such command 'lst'. Did you mean list?" in result.err
    result = cli(None, "charge-point", "read", "1")
    assert result.code == 2 and "charge-points" in result.err


def test_missing_arguments_are_usage_errors(cli: Callable[..., Result]) -> None:
    result = cli(None, "charge-points", "read")
    assert result.code == 2
    assert "Missing argument 'CHARGE_POINT'" in result.err


def test_python_dash_m_runs_the_command_line() -> None:
    completed = run_process(["--version"], subprocess_env())
    assert completed.returncode == 0 and __version__ in completed.stdout


def test_mock_passes_its_options_through(cli: Callable[..., Result]) -> None:
    completed = run_process(["mock", "--help"], subprocess_env())
    assert completed.returncode == 0
    from ampeco.mock.__main__ import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--help"])
    for option in ("--port", "--seed", "--platform-version", "--empty"):
        assert option in completed.stdout


def test_deprecated_commands_name_the_current_command_their_method_names() -> None:
    import re

    import ampeco

    with ampeco.Client("https://acme.ampeco.tech", token="unused") as client:
        for operation in [operation for operation in OPERATIONS if operation.deprecated]:
            method: object = client
            for part in operation.attribute_path.split("."):
                method = getattr(method, part)
            named = re.search(r"the current operation is ``client\.([\w.]+)``", inspect.getdoc(method) or "")
            current = _source.replacement(operation.operation_id, operation.resource)
            assert current == (named.group(1) if named else None), operation.operation_id
            text = " ".join(help_of(command_for(operation)).split())
            if current is not None:
                assert f"use ampeco {' '.join(cli_name(part) for part in current.split('.'))}." in text
            else:
                assert "api.md names its replacement" in text


def test_the_examples_in_root_help_are_valid_commands(cli: Callable[..., Result]) -> None:
    import shlex

    from ampeco.cli._app import _EPILOG

    examples = [shlex.split(line) for line in _EPILOG.splitlines() if line.strip().startswith("ampeco ")]
    assert len(examples) >= 3
    for example in examples:
        result = cli(None, *example[1:], "--help")
        assert result.code == 0, (example, result.err)


def test_every_listing_has_stable_csv_columns_from_its_item_model() -> None:
    """Columns for every listing's items: unique dotted names from the model, never from the data."""
    import ampeco
    from ampeco.cli._output import csv_columns
    from ampeco.cli._run import _item_annotation

    with ampeco.Client("https://acme.ampeco.tech", token="unused") as client:
        for operation in [operation for operation in OPERATIONS if operation.returns == "pager"]:
            method: object = client
            for part in operation.attribute_path.split("."):
                method = getattr(method, part)
            item = _item_annotation(method)
            columns = csv_columns(item)
            names = [".".join(column) for column in columns]
            assert len(set(names)) == len(names) > 0, operation.operation_id
            wire_names = getattr(item, "__ampeco_fields__", None)
            if wire_names is not None:  # every top-level field has a column, or dotted columns below it
                assert {column[0] for column in columns} == set(wire_names), operation.operation_id
            assert csv_columns(item) == columns
