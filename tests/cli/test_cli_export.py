"""Listing exports against the mock tenant: every item, every page, the same rows as the library, a
resume cursor that continues an interrupted export without a gap or a repeat, and output written as
each page arrives."""

from __future__ import annotations

import csv
import io
import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ampeco
from tests.cli.conftest import CDRS, TOKEN, Result, Seen, Served

FAQS = "/public-api/resources/faqs/v2.0"


def library_items(app: Served, listing: str = "cdrs", **options: Any) -> list[Any]:
    with ampeco.Client(app.url, token=TOKEN) as client:
        return list(getattr(client, listing).list(**options))


def cell(value: Any) -> str:
    """What a CSV cell holds for one JSON value (the documented rendering)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def lookup(document: dict[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def leaves(document: Any, prefix: str = "") -> list[str]:
    """Dotted paths of every non-object value in a JSON document."""
    if not isinstance(document, dict) or not document:
        return [prefix]
    return [path for key, item in document.items() for path in leaves(item, f"{prefix}{key}.")]


def resume_command(result: Result) -> list[str]:
    line = next(line for line in result.err.splitlines() if "to resume" in line)
    command = shlex.split(line.split("run: ", 1)[1])
    assert command[0] == "ampeco"
    return command[1:]


def test_csv_export_of_every_cdr_equals_what_the_library_yields_row_for_row(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path
) -> None:
    app = served(auto_records=57)
    target = tmp_path / "cdrs.csv"
    result = cli(app, "cdrs", "list", "--per-page", "10", "--format", "csv", "--output", str(target))
    assert result.code == 0, result.err
    assert len(app.to(CDRS)) == 6  # every page was fetched

    items = [item.to_dict() for item in library_items(app)]
    with target.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    assert len(rows) == len(items) == 57
    assert columns[:3] == ["id", "operatorId", "platformId"]
    assert "ocpiData.totalCost" in columns  # nested objects are flattened into dotted columns
    for row, item in zip(rows, items, strict=True):
        assert row == {column: cell(lookup(item, column)) for column in columns}
        # No value is lost: every leaf of the item sits in its own column or inside a JSON cell.
        for path in leaves(item):
            path = path.rstrip(".")
            assert any(path == column or path.startswith(column + ".") for column in columns), path


def test_csv_columns_come_from_the_model_not_from_the_first_page(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    full = served(auto_records=3)
    empty = served(auto_records=0)
    with_rows = cli(full, "cdrs", "list", "--format", "csv")
    without_rows = cli(empty, "cdrs", "list", "--format", "csv")
    assert with_rows.code == without_rows.code == 0
    header = with_rows.out.splitlines()[0]
    assert without_rows.out.splitlines() == [header]  # same columns with no item to look at


def test_json_lines_export_equals_the_library_items(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(auto_records=23)
    result = cli(app, "cdrs", "list", "--per-page", "5")
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert lines == [item.to_dict() for item in library_items(app)]
    assert result.err == ""  # no progress line: stderr is not a terminal


def test_limit_stops_early_without_fetching_more_pages(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(auto_records=57)
    result = cli(app, "cdrs", "list", "--per-page", "10", "--limit", "12")
    assert result.code == 0
    assert len(result.out.splitlines()) == 12
    assert len(app.to(CDRS)) == 2


def test_each_page_is_written_before_the_next_one_is_requested(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path
) -> None:
    app = served(auto_records=40)
    target = tmp_path / "cdrs.jsonl"
    lines_when_requested: list[int] = []

    def look(app: Served, seen: Seen) -> None:
        if seen.path == CDRS:
            lines_when_requested.append(len(target.read_text().splitlines()) if target.exists() else 0)

    app.hooks.append(look)
    assert cli(app, "cdrs", "list", "--per-page", "10", "--output", str(target)).code == 0
    assert lines_when_requested == [0, 10, 20, 30]


def _fail_from_request(number: int, fault: Callable[[Served], None]) -> Callable[[Served, Seen], None]:
    """A hook injecting ``fault`` into the tenant when its ``number``-th listing request arrives."""

    def hook(app: Served, seen: Seen) -> None:
        if seen.path in (CDRS, FAQS) and len(app.to(seen.path)) == number:
            fault(app)

    return hook


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_interrupted_by_a_server_error_resumes_from_the_printed_cursor(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path, fmt: str
) -> None:
    app = served(auto_records=57)
    complete = tmp_path / f"complete.{fmt}"
    assert cli(app, "cdrs", "list", "--per-page", "10", "--format", fmt, "-o", str(complete)).code == 0

    target = tmp_path / f"cdrs.{fmt}"
    app.hooks.append(
        _fail_from_request(
            len(app.to(CDRS)) + 3, lambda app: app.tenant.faults.server_error("cdrsListing", times=5)
        )
    )
    args = ["--max-retries", "0", "cdrs", "list", "--per-page", "10", "--format", fmt, "-o", str(target)]
    failed = cli(app, *args)
    assert failed.code == 4, failed.err  # an API error
    assert "503" in failed.err
    assert "20 items (2 pages) were written; resume cursor: " in failed.err
    assert len(target.read_text().splitlines()) == 20 + (fmt == "csv")

    app.tenant.faults.clear()
    resumed = cli(app, *resume_command(failed))
    assert resumed.code == 0, resumed.err
    assert target.read_text() == complete.read_text()  # no gap, no repeat, one header


def test_a_dropped_connection_is_a_connection_failure_with_a_cursor_to_resume_from(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(auto_records=30)
    expected = [item.to_dict() for item in library_items(app)]
    app.hooks.append(
        _fail_from_request(len(app.to(CDRS)) + 2, lambda app: app.tenant.faults.drop("cdrsListing"))
    )
    failed = cli(app, "--max-retries", "0", "cdrs", "list", "--per-page", "10")
    assert failed.code == 5, failed.err
    app.tenant.faults.clear()
    resumed = cli(app, *resume_command(failed))
    assert resumed.code == 0
    lines = [json.loads(line) for line in (failed.out + resumed.out).splitlines()]
    assert lines == expected


def test_a_listing_by_page_number_resumes_with_page(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path
) -> None:
    app = served(auto_records=23)
    expected = [item.to_dict() for item in library_items(app, "faqs")]
    app.hooks.append(
        _fail_from_request(len(app.to(FAQS)) + 3, lambda app: app.tenant.faults.server_error("faqsListing"))
    )
    target = tmp_path / "faqs.jsonl"
    failed = cli(app, "--max-retries", "0", "faqs", "list", "--per-page", "5", "-o", str(target))
    assert failed.code == 4
    assert "resume page: 3" in failed.err
    command = resume_command(failed)
    assert command[-2:] == ["--page", "3"]
    app.tenant.faults.clear()
    assert cli(app, *command).code == 0
    assert [json.loads(line) for line in target.read_text().splitlines()] == expected


def test_csv_resumed_on_stdout_has_no_second_header(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(auto_records=30)
    complete = cli(app, "cdrs", "list", "--per-page", "10", "--format", "csv").out
    app.hooks.append(
        _fail_from_request(len(app.to(CDRS)) + 2, lambda app: app.tenant.faults.server_error("cdrsListing"))
    )
    failed = cli(app, "--max-retries", "0", "cdrs", "list", "--per-page", "10", "--format", "csv")
    app.tenant.faults.clear()
    resumed = cli(app, *resume_command(failed))
    assert failed.out + resumed.out == complete


def test_filters_are_sent_on_every_page(served: Callable[..., Served], cli: Callable[..., Result]) -> None:
    app = served(auto_records=30)
    result = cli(
        app,
        "cdrs",
        "list",
        "--per-page",
        "10",
        "--filter",
        "is_local=true",
        "--filter",
        "sentAfter=2020-01-01T00:00:00Z",
    )
    assert result.code == 0, result.err
    queries = [seen.query for seen in app.to(CDRS)]
    assert len(queries) >= 1
    assert all(
        "filter[isLocal]=true" in query and "filter[sentAfter]=2020-01-01T00:00:00" in query
        for query in queries
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--filter", "nope=1"],
            "accepted keys (snake_case or the API's camelCase): credit, delivery_response",
        ),
        (["--filter", "startDateTimeFrom=yesterday"], "'yesterday' is not"),
        (["--filter", "startDateTimeFrom=2024-01-01T00:00:00"], "with its UTC offset"),
        (["--filter", "deliveryResponse=maybe"], "'maybe' is not one of fail, success"),
        (["--filter", "isLocal"], "--filter takes key=value"),
        (["--filter", "isLocal=true", "--filter", "is_local=false"], "given twice"),
        (["--include", "nothing"], "'nothing' is not one of externalAppData"),
        (["--per-page", "ten"], "'ten' is not an integer"),
    ],
)
def test_bad_filters_and_parameters_fail_before_any_request(
    served: Callable[..., Served], cli: Callable[..., Result], arguments: list[str], message: str
) -> None:
    app = served(auto_records=3)
    result = cli(app, "cdrs", "list", *arguments)
    assert result.code == 2
    assert message in result.err
    assert app.requests == []


def test_table_format_aligns_top_level_fields(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(auto_records=4)
    result = cli(app, "cdrs", "list", "--format", "table")
    assert result.code == 0
    header, rule, *rows = result.out.splitlines()
    assert header.split()[:3] == ["id", "operatorId", "platformId"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert len(rows) == 4
    assert [row.split()[0] for row in rows] == ["1", "2", "3", "4"]


def test_read_prints_the_object_as_json(served: Callable[..., Served], cli: Callable[..., Result]) -> None:
    app = served(auto_records=3)
    result = cli(app, "cdrs", "read", "2")
    assert result.code == 0
    with ampeco.Client(app.url, token=TOKEN) as client:
        assert json.loads(result.out) == client.cdrs.read(2).to_dict()


def test_output_file_for_a_single_object(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path
) -> None:
    app = served(auto_records=3)
    target = tmp_path / "cdr.json"
    assert cli(app, "cdrs", "read", "1", "--output", str(target)).code == 0
    assert json.loads(target.read_text())["id"] == 1


def test_csv_of_a_listing_reads_back_with_the_csv_module(
    served: Callable[..., Served], cli: Callable[..., Result]
) -> None:
    app = served(auto_records=5)
    result = cli(app, "cdrs", "list", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.out)))
    assert len(rows) == 6 and len({len(row) for row in rows}) == 1
