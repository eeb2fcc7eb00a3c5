"""The hand-encoded form: one CSV file per table, read into models and written back canonically.

The CSV files under ``crocus_data/data/records/`` are what contributors edit. Reading is strict
(exact header, typed cells, one message per bad cell); writing is canonical (UTF-8, ``\\n`` line
ends, minimal quoting, empty cell = absent), so a rebuild of clean data changes no byte.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crocus_data.models.record import Record
from crocus_data.problems import Problem
from crocus_data.schema.columns import Column, columns

# Refuse before reading: the hand-encoded tables are small; a huge file is a mistake or an attack.
MAX_TABLE_BYTES = 64 * 1024 * 1024

_INTEGER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Row:
    """A parsed record and the line of the file it starts on."""

    line: int
    record: Record


@dataclass
class TableRead:
    """What reading one file gave: the rows that parsed, the problems, and the ids of rows that did not.

    The ids of unparsable rows still count as existing for references and evidence, so one bad
    cell gives one error instead of a cascade through every table that points at the row.
    """

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unparsed_keys: set[str] = field(default_factory=set)


def parse_cell(column: Column, text: str) -> Any:
    """Turn one CSV cell into a Python value; raise ValueError with a fix-it message."""
    if text == "":
        return None
    if column.kind == "integer":
        if not _INTEGER.fullmatch(text):
            raise ValueError(f"'{text}' is not a whole number (write digits only, e.g. 144)")
        return int(text)
    if column.kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"'{text}' is not a boolean (write true or false)")
        return text == "true"
    if column.kind == "date":
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a date (write YYYY-MM-DD, e.g. 2024-03-22)") from None
    if column.kind == "enum" and text not in column.enum_values:
        raise ValueError(f"'{text}' is not allowed here; use one of: {', '.join(column.enum_values)}")
    return text


def format_cell(value: Any) -> str:
    """The canonical CSV text of a value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def column_values(record: Record) -> list[Any]:
    """The record's values in column order (nested models flattened)."""
    values: list[Any] = []
    for column in columns(type(record)):
        value: Any = record
        for part in column.path:
            value = getattr(value, part)
        values.append(value)
    return values


def _nest(model: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for column in columns(model):
        if column.name not in values:
            continue
        target = nested
        for part in column.path[:-1]:
            target = target.setdefault(part, {})
        target[column.path[-1]] = values[column.name]
    return nested


_RULE_BY_PYDANTIC_TYPE = {
    "missing": "cell.required",
    "string_type": "cell.required",
    "string_too_short": "cell.required",
    "string_pattern_mismatch": "cell.pattern",
    "enum": "cell.enum",
    "greater_than_equal": "cell.minimum",
    "value_error": "row.consistency",
    "assertion_error": "row.consistency",
}


def _problems_from(error: ValidationError, model: type[Record], file: str, line: int) -> list[Problem]:
    by_path = {column.path: column for column in columns(model)}
    problems = []
    for detail in error.errors(include_url=False):
        location = tuple(str(part) for part in detail["loc"])
        column = by_path.get(location)
        if column is not None:
            name: str | None = column.name
        elif location:
            name = f"{location[0]}_*"  # a rule across the sub-columns of a nested field
        else:
            name = None
        message = str(detail["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if detail["type"] == "missing" or (detail["type"] == "string_type" and detail.get("input") is None):
            message = "this column needs a value"
        elif detail["type"] == "string_pattern_mismatch" and column is not None:
            message = f"'{detail.get('input')}' does not match the pattern {column.pattern}"
        rule = _RULE_BY_PYDANTIC_TYPE.get(detail["type"], f"cell.{detail['type']}")
        problems.append(Problem(file, line, name, rule, message))
    return problems


def read_table(path: Path, model: type[Record], display: str) -> TableRead:
    """Read one hand-encoded CSV file: the records that parsed and every problem found."""
    try:
        size = path.stat().st_size
    except OSError:
        return TableRead(problems=[Problem(display, None, None, "file.missing", "the file is missing; restore it")])
    if size > MAX_TABLE_BYTES:
        message = f"{size} bytes is over the {MAX_TABLE_BYTES}-byte limit"
        return TableRead(problems=[Problem(display, None, None, "file.too-large", message)])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"byte {exc.start} is not UTF-8; save the file as UTF-8"
        return TableRead(problems=[Problem(display, line, None, "file.encoding", message)])
    if text.startswith("\ufeff"):
        message = "the file starts with a byte-order mark; save it as UTF-8 without BOM"
        return TableRead(problems=[Problem(display, 1, None, "file.encoding", message)])
    return _parse_rows(text, model, display)


def _parse_rows(text: str, model: type[Record], display: str) -> TableRead:
    expected = [column.name for column in columns(model)]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    result = TableRead()
    try:
        header = next(reader, None)
        if header != expected:
            result.problems.append(_header_problem(display, header, expected))
            return result
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if len(cells) != len(expected):
                message = f"{len(cells)} cells, expected {len(expected)}"
                result.problems.append(Problem(display, start, None, "row.length", message))
                continue
            named = dict(zip(expected, cells, strict=True))
            row = _parse_row(model, named, display, start, result.problems)
            if row is None:
                result.unparsed_keys.add(named[model.primary_key])
            else:
                result.rows.append(row)
    except csv.Error as exc:
        result.problems.append(Problem(display, reader.line_num, None, "file.csv", f"not valid CSV: {exc}"))
    return result


def _header_problem(display: str, header: list[str] | None, expected: list[str]) -> Problem:
    if header is None:
        return Problem(display, 1, None, "file.header", "the file is empty; it needs the header row")
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        parts.append(f"unknown column(s) {', '.join(extra)}")
    if not parts:
        parts.append("columns are out of order")
    return Problem(display, 1, None, "file.header", f"{'; '.join(parts)}; the header must be: {','.join(expected)}")


def _parse_row(
    model: type[Record], cells: dict[str, str], display: str, line: int, problems: list[Problem]
) -> Row | None:
    values: dict[str, Any] = {}
    cell_problems = []
    for column in columns(model):
        try:
            values[column.name] = parse_cell(column, cells[column.name])
        except ValueError as exc:
            rule = "cell.enum" if column.kind == "enum" else f"cell.type.{column.kind}"
            cell_problems.append(Problem(display, line, column.name, rule, str(exc)))
    if cell_problems:
        problems.extend(cell_problems)
        return None
    try:
        return Row(line, model.model_validate(_nest(model, values)))
    except ValidationError as exc:
        problems.extend(_problems_from(exc, model, display, line))
        return None


def render_table(model: type[Record], records: list[Record]) -> bytes:
    """The canonical bytes of a table's CSV file."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([column.name for column in columns(model)])
    for record in records:
        writer.writerow([format_cell(value) for value in column_values(record)])
    return buffer.getvalue().encode("utf-8")
