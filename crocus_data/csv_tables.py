"""Read one hand-encoded CSV table in bulk with pyarrow, checking every cell against its column.

This is the validator's reading path: it must take a million rows in about a second, so nothing
here touches rows one at a time on the good path. Every check is derived from ``columns()`` (types,
required, enums, patterns, minimums) or from the model's row rules; a problem names the line of the
file, the column and the rule.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from crocus_data.models.record import Record
from crocus_data.models.rules import failing_rows, plain_type
from crocus_data.problems import Problem
from crocus_data.schema.columns import Column, columns

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_INTEGER = r"^-?[0-9]{1,18}$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass
class TableData:
    """A table as read: typed Arrow columns (bad cells null), line numbers, and the problems found."""

    model: type[Record]
    file: str
    table: pa.Table | None = None
    problems: list[Problem] = field(default_factory=list)
    extra_newlines: np.ndarray | None = None  # newlines inside quoted cells before each row

    @property
    def num_rows(self) -> int:
        return 0 if self.table is None else self.table.num_rows

    def line(self, index: int) -> int:
        """The physical line of the file on which row ``index`` starts (the header is line 1)."""
        extra = 0 if self.extra_newlines is None else int(self.extra_newlines[index])
        return index + 2 + extra

    def problem(self, index: int | None, column: str | None, rule: str, message: str) -> Problem:
        return Problem(self.file, None if index is None else self.line(index), column, rule, message)

    def column(self, name: str) -> pa.ChunkedArray:
        assert self.table is not None
        return self.table.column(name)

    def keys(self) -> pa.ChunkedArray:
        """The primary keys, including those of rows with problems (already reported on their own)."""
        if self.table is None:
            return pa.chunked_array([], pa.string())
        return self.column(self.model.primary_key)


def true_indices(mask: Any) -> list[int]:
    """Row indices where a boolean Arrow array is true (nulls count as false); [] cheaply when none is."""
    mask = pc.fill_null(mask, False)
    if not pc.any(mask).as_py():
        return []
    if isinstance(mask, pa.ChunkedArray):
        mask = mask.combine_chunks()
    indices: list[int] = pc.indices_nonzero(mask).to_pylist()
    return indices


def _header(display: str, raw_first_line: bytes, expected: list[str]) -> Problem | None:
    try:
        header = next(csv.reader([raw_first_line.decode("utf-8").rstrip("\r\n")]), [])
    except UnicodeDecodeError:
        return Problem(display, 1, None, "file.encoding", "the header is not UTF-8; save the file as UTF-8")
    if header == expected:
        return None
    if not header:
        return Problem(display, 1, None, "file.header", "the file is empty; it needs the header row")
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    parts = [f"missing column(s) {', '.join(missing)}"] if missing else []
    parts += [f"unknown column(s) {', '.join(extra)}"] if extra else []
    if not parts:
        parts.append("columns are out of order")
    return Problem(display, 1, None, "file.header", f"{'; '.join(parts)}; the header must be: {','.join(expected)}")


def _wrong_length_rows(raw: bytes, expected: int) -> list[tuple[int, int]]:
    """(start line, cells) of each record with the wrong number of cells.

    Only used on a file that has such records, to say where they are.
    """
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    next(reader, None)
    bad: list[tuple[int, int]] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if len(cells) != expected:
                bad.append((start, len(cells)))
    except csv.Error:
        bad.append((line, 0))
    return bad


@dataclass
class _Scan:
    """What one streaming pass over a file's bytes tells, without holding them: encoding and shape."""

    header: bytes = b""
    newlines: int = 0
    bom: bool = False
    bad_utf8: tuple[int, int] | None = None  # (byte offset, line)
    blank_body: bool = True


def _scan(path: Path) -> _Scan:
    scan = _Scan()
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            if offset == 0:
                scan.bom = chunk.startswith(codecs.BOM_UTF8)
                scan.header = chunk.split(b"\n", 1)[0][:65536]
            if scan.bad_utf8 is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    scan.bad_utf8 = (offset + exc.start, scan.newlines + chunk[: exc.start].count(b"\n") + 1)
            if scan.blank_body:
                body = chunk if offset else chunk.split(b"\n", 1)[1] if b"\n" in chunk else b""
                scan.blank_body = not body.strip()
            scan.newlines += chunk.count(b"\n")
            offset += len(chunk)
    if scan.bad_utf8 is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            scan.bad_utf8 = (offset, scan.newlines + 1)
    return scan


def read_table(path: Path, model: type[Record], display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> TableData:
    """Read and check one CSV table; never raises on bad input, reports it instead.

    The file's bytes are streamed once (encoding, header, line count) and parsed by Arrow from disk:
    they are never held whole in memory, so memory stays near the size of the parsed table.
    """
    data = TableData(model, display)
    try:
        size = path.stat().st_size
    except OSError:
        data.problems.append(Problem(display, None, None, "file.missing", "the file is missing; restore it"))
        return data
    if not path.is_file():
        data.problems.append(Problem(display, None, None, "file.missing", "this is not a regular file"))
        return data
    if size > max_bytes:
        message = f"{size} bytes is over the {max_bytes}-byte limit; split the contribution or raise --max-bytes"
        data.problems.append(Problem(display, None, None, "file.too-large", message))
        return data
    scan = _scan(path)
    if scan.bom:
        message = "the file starts with a byte-order mark; save it as UTF-8 without BOM"
        data.problems.append(Problem(display, 1, None, "file.encoding", message))
        return data
    if scan.bad_utf8 is not None:
        position, line = scan.bad_utf8
        message = f"byte {position} is not UTF-8; save the file as UTF-8"
        data.problems.append(Problem(display, line, None, "file.encoding", message))
        return data
    names = [column.name for column in columns(model)]
    header_problem = _header(display, scan.header, names)
    if header_problem:
        data.problems.append(header_problem)
        return data
    _parse(data, path, scan, names)
    if data.table is not None:
        _check_cells(data)
    return data


def _parse(data: TableData, path: Path, scan: _Scan, names: list[str]) -> None:
    wrong_length: list[int] = []

    def skip(row: Any) -> str:
        wrong_length.append(row.actual_columns)
        return "skip"

    if scan.blank_body:
        data.table = pa.table({name: pa.array([], pa.string()) for name in names})
        return
    try:
        table = pacsv.read_csv(
            str(path),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=False,  # checked by the scan, with the line of the first bad byte
            ),
        )
    except pa.ArrowInvalid as exc:
        first_line = str(exc).splitlines()[0]
        data.problems.append(Problem(data.file, None, None, "file.csv", f"not valid CSV: {first_line}"))
        return
    if wrong_length:  # a structurally broken file is reported as such, and its rows are not used
        for line, count in _wrong_length_rows(path.read_bytes(), len(names)):
            data.problems.append(Problem(data.file, line, None, "row.length", f"{count} cells, expected {len(names)}"))
        return
    data.table = table
    if scan.newlines > table.num_rows + 1:  # some quoted cell spans lines: rows are not one line each
        newline_counts = [pc.count_substring(table.column(n), "\n") for n in names]
        per_row = np.sum([c.to_numpy() for c in newline_counts], axis=0)
        data.extra_newlines = np.concatenate([[0], np.cumsum(per_row)[:-1]])


def _check_cells(data: TableData) -> None:
    """Per-column checks, then the cast to typed columns, then the model's row rules."""
    assert data.table is not None
    typed: dict[str, pa.ChunkedArray] = {}
    bad_rows: dict[str, set[int]] = {}
    for column in columns(data.model):
        cells = data.table.column(column.name)
        empty = pc.equal(cells, "")
        bad: set[int] = set()
        if column.required:
            for index in true_indices(empty):
                data.problems.append(data.problem(index, column.name, "cell.required", "this column needs a value"))
                bad.add(index)
        value, invalid, rule_id, message = _convert(column, cells, empty)
        for index in true_indices(invalid):
            cell = cells[index].as_py()
            data.problems.append(data.problem(index, column.name, rule_id, message.format(cell=cell)))
            bad.add(index)
        for index in _extra_rules(data, column, cells, empty, value):
            bad.add(index)
        typed[column.name] = value
        bad_rows[column.name] = bad
    data.table = pa.table(typed)
    for rule, failing in failing_rows(data.model.row_rules, data.table):
        for index in failing:
            if not any(index in bad_rows[name] for name in rule.columns if name in bad_rows):
                data.problems.append(data.problem(index, rule.columns[0], rule.rule, rule.message))


def _convert(column: Column, cells: pa.ChunkedArray, empty: Any) -> tuple[pa.ChunkedArray, Any, str, str]:
    """Typed values (null where empty or invalid), the mask of invalid non-empty cells, rule and message."""
    null = pa.scalar(None, plain_type(column.kind))
    if column.kind == "integer":
        ok = pc.and_(pc.utf8_is_digit(cells), pc.less_equal(pc.utf8_length(cells), 18))  # the common case
        if pc.any(pc.and_(pc.invert(ok), pc.invert(empty))).as_py():  # negative numbers, or a problem
            ok = pc.match_substring_regex(cells, _INTEGER)
        value = pc.if_else(ok, pc.cast(pc.if_else(ok, cells, "0"), pa.int64()), null)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), "cell.type.integer", (
            "'{cell}' is not a whole number (write digits only, e.g. 144)"
        )  # fmt: skip
    if column.kind == "boolean":
        ok = pc.is_in(cells, pa.array(["true", "false"]))
        value = pc.if_else(ok, pc.equal(cells, "true"), null)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), "cell.type.boolean", (
            "'{cell}' is not a boolean (write true or false)"
        )  # fmt: skip
    if column.kind == "date":
        try:  # fast path: Arrow's cast takes exactly YYYY-MM-DD and real dates, and nothing else
            dates = pc.cast(pc.if_else(empty, "1970-01-01", cells), pa.date32())
            ok = pc.invert(empty)
        except pa.ArrowInvalid:  # some cell is not a date: find which, the slow way
            shaped = pc.match_substring_regex(cells, _DATE)
            candidates = pc.if_else(shaped, cells, "1970-01-01")
            parsed = pc.strptime(candidates, "%Y-%m-%d", "s", error_is_null=True)
            # strptime rolls 2024-02-30 over to March: a real date prints back as it was written.
            ok = pc.and_(shaped, pc.equal(pc.strftime(parsed, "%Y-%m-%d"), cells))
            dates = pc.cast(parsed, pa.date32())
        value = pc.if_else(ok, dates, null)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), "cell.type.date", (
            "'{cell}' is not a date (write YYYY-MM-DD, e.g. 2024-03-22)"
        )  # fmt: skip
    value = pc.if_else(empty, null, cells) if pc.any(empty).as_py() else cells
    if column.kind == "enum":
        ok = pc.is_in(cells, pa.array(column.enum_values))
        allowed = ", ".join(column.enum_values)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), "cell.enum", (
            "'{cell}' is not allowed here; use one of: " + allowed.replace("{", "{{").replace("}", "}}")
        )  # fmt: skip
    if column.pattern and not column.references:
        # A reference is checked against the keys of its table instead, which match the pattern.
        ok = pc.match_substring_regex(cells, column.pattern)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), "cell.pattern", (
            "'{cell}' does not match the pattern " + column.pattern.replace("{", "{{").replace("}", "}}")
        )  # fmt: skip
    nothing_invalid = pc.and_(empty, pc.invert(empty))
    return value, nothing_invalid, "", ""


def _extra_rules(data: TableData, column: Column, cells: pa.ChunkedArray, empty: Any, value: Any) -> list[int]:
    """Minimums, spreadsheet-formula hygiene and NFC; returns the rows it flagged."""
    flagged: list[int] = []
    if column.minimum is not None:
        for index in true_indices(pc.less(value, column.minimum)):
            message = f"{value[index].as_py()} is below the minimum {column.minimum}"
            data.problems.append(data.problem(index, column.name, "cell.minimum", message))
            flagged.append(index)
    if column.kind == "string":
        formula = pc.or_(pc.or_(pc.starts_with(cells, "="), pc.starts_with(cells, "+")),
                         pc.or_(pc.starts_with(cells, "-"), pc.starts_with(cells, "@")))  # fmt: skip
        for index in true_indices(formula):
            first = cells[index].as_py()[0]
            message = (
                f"starts with '{first}', which spreadsheets run as a formula; reword it or quote more words "
                "so it does not start with = + - @"
            )
            data.problems.append(data.problem(index, column.name, "hygiene.formula", message))
            flagged.append(index)
        if not pc.all(pc.string_is_ascii(cells)).as_py():  # ASCII is always NFC
            for index in true_indices(pc.not_equal(pc.utf8_normalize(cells, "NFC"), cells)):
                message = "normalise this cell to Unicode NFC"
                data.problems.append(data.problem(index, column.name, "text.nfc", message))
                flagged.append(index)
    return flagged
