"""Writers for what a command prints: JSON for one object; JSON Lines, CSV or a table for listings.

Listings are written one page at a time, each page as a single ``write`` followed by a flush, so memory
stays flat however long the export, and an interrupted export ends on a page boundary (the resume cursor
then neither skips nor repeats a row). CSV columns come from the item model's fields, flattened into
dotted names (``ocpiData.totalCost``) in the model's field order: they are the same on every page and in
every export, whatever the first page happens to hold.
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TextIO

from ampeco._model_fields import declared, field_order, shape_of

__all__ = ["PageWriter", "csv_columns", "jsonable", "page_writer", "write_json"]

_TABLE_CELL = 32

Column = tuple[str, ...]


def jsonable(value: Any) -> Any:
    """A model (``to_dict()``), enum, date or container as plain JSON values."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):  # datetime included
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def write_json(stream: TextIO, value: Any) -> None:
    stream.write(json.dumps(jsonable(value), indent=2, ensure_ascii=False) + "\n")
    stream.flush()


def csv_columns(item_annotation: Any) -> list[Column]:
    """Dotted column paths for the items of a listing, from the item model's declared fields."""
    shape = shape_of(item_annotation)
    if not shape.models:
        return [("value",)]
    columns: dict[Column, None] = {}
    for model in shape.models:  # a union of item models: every variant's columns, in order
        for column in _model_columns(model, (), frozenset()):
            columns.setdefault(column, None)
    return list(columns)


def _model_columns(model: type, prefix: Column, seen: frozenset[type]) -> list[Column]:
    columns: list[Column] = []
    for wire, annotation in field_order(model):
        shape = shape_of(annotation)
        nested = shape.models[0] if len(shape.models) == 1 else None
        if (
            nested is not None
            and not (shape.scalars or shape.enums or shape.items is not None or shape.structured)
            and declared(nested)
            and nested not in seen
        ):
            columns.extend(_model_columns(nested, (*prefix, wire), seen | {model}))
        else:
            columns.append((*prefix, wire))
    return columns


def _cell(row: Any, column: Column) -> str:
    value = row
    for part in column:
        if not isinstance(value, Mapping) or part not in value:
            return ""
        value = value[part]
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class PageWriter(Protocol):
    def write_page(self, items: Iterable[Any]) -> None: ...


class JsonLinesWriter:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write_page(self, items: Iterable[Any]) -> None:
        text = "".join(
            json.dumps(jsonable(item), ensure_ascii=False, separators=(",", ":")) + "\n" for item in items
        )
        self._stream.write(text)
        self._stream.flush()


class CsvWriter:
    def __init__(self, stream: TextIO, columns: list[Column], *, header: bool) -> None:
        self._stream = stream
        self._columns = columns
        self._header = header

    def write_page(self, items: Iterable[Any]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if self._header:
            writer.writerow([".".join(column) for column in self._columns])
            self._header = False
        for item in items:
            row = jsonable(item)
            if not isinstance(row, Mapping):
                row = {"value": row}
            writer.writerow([_cell(row, column) for column in self._columns])
        self._stream.write(buffer.getvalue())
        self._stream.flush()


class TableWriter:
    """Aligned columns for reading on a terminal: top-level fields, cells cut at a readable width."""

    def __init__(self, stream: TextIO, columns: list[str]) -> None:
        self._stream = stream
        self._columns = columns
        self._widths: list[int] | None = None

    def write_page(self, items: Iterable[Any]) -> None:
        rows = []
        for item in items:
            row = jsonable(item)
            if not isinstance(row, Mapping):
                row = {"value": row}
            rows.append([_shorten(_cell(row, (column,))) for column in self._columns])
        lines = []
        if self._widths is None:
            self._widths = [
                max([len(column), *(len(row[index]) for row in rows)])
                for index, column in enumerate(self._columns)
            ]
            lines.append(self._line(self._columns))
            lines.append(self._line(["-" * width for width in self._widths]))
        lines.extend(self._line(row) for row in rows)
        self._stream.write("".join(line + "\n" for line in lines))
        self._stream.flush()

    def _line(self, cells: list[str]) -> str:
        assert self._widths is not None
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, self._widths, strict=True)).rstrip()


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TABLE_CELL else text[: _TABLE_CELL - 1] + "…"


def page_writer(fmt: str, stream: TextIO, item_annotation: Any, *, header: bool = True) -> PageWriter:
    """The writer of ``--format`` ``fmt`` (one of ``ampeco.cli._command.FORMATS``)."""
    if fmt == "jsonl":
        return JsonLinesWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, csv_columns(item_annotation), header=header)
    if fmt == "table":
        top_level = list(dict.fromkeys(column[0] for column in csv_columns(item_annotation)))
        return TableWriter(stream, top_level)
    raise ValueError(f"unknown output format {fmt!r}")
