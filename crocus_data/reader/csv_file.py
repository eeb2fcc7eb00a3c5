"""Read one hand-encoded CSV table in bulk with pyarrow: encoding, header, shape and line numbers.

This is the validator's reading path: it must take a million rows in about a second, so nothing
here touches rows one at a time on the good path. The file's bytes are streamed once (encoding,
header, line count) and parsed by Arrow from disk; the cells are then checked by ``cells.py``.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_STRUCTURE_PROBLEMS
from crocus_data.models.columns import columns
from crocus_data.models.record import Record
from crocus_data.problems import Problem
from crocus_data.reader.cells import check_cells
from crocus_data.reader.table_data import TableData
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import check_regular


def _header(display: str, raw_first_line: bytes, expected: list[str]) -> Problem | None:
    line = raw_first_line.removesuffix(b"\n").removesuffix(b"\r")
    if b"\r" in line:
        message = "lines end with a bare carriage return (CR); save the file with \\n (or \\r\\n) line ends"
        return Problem(display, 1, None, Rule.FILE_HEADER, message)
    try:
        header = next(csv.reader([line.decode("utf-8")]), [])
    except UnicodeDecodeError:
        return Problem(display, 1, None, Rule.FILE_ENCODING, "the header is not UTF-8; save the file as UTF-8")
    except csv.Error as exc:
        return Problem(display, 1, None, Rule.FILE_HEADER, f"the header is not a CSV row ({exc})")
    if header == expected:
        return None
    if not header:
        return Problem(display, 1, None, Rule.FILE_HEADER, "the file is empty; it needs the header row")
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    parts = [f"missing column(s) {', '.join(missing)}"] if missing else []
    parts += [f"unknown column(s) {', '.join(extra)}"] if extra else []
    if not parts:
        parts.append("columns are out of order")
    return Problem(display, 1, None, Rule.FILE_HEADER, f"{'; '.join(parts)}; the header must be: {','.join(expected)}")


def _wrong_length_rows(path: Path, expected: int, limit: int = MAX_STRUCTURE_PROBLEMS) -> list[tuple[int, int]]:
    """(start line, cells) of the first ``limit`` records with the wrong number of cells.

    Only used on a file that has such records, to say where they are; the file is streamed, never
    held whole, so a file of junk costs no more memory than a good one.
    """
    bad: list[tuple[int, int]] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as stream:  # bad bytes: a line of its own
        reader = csv.reader(stream)
        line = 1
        try:
            next(reader, None)
            line = reader.line_num + 1
            for cells in reader:
                start, line = line, reader.line_num + 1
                if len(cells) != expected:
                    bad.append((start, len(cells)))
                    if len(bad) >= limit:
                        break
        except csv.Error:
            bad.append((line, 0))
    return bad


_CHUNK = 8 << 20  # bytes read at a time: memory stays flat whatever the file's size


@dataclass
class _Scan:
    """What one streaming pass over a file's bytes tells, without holding them: encoding and shape."""

    header: bytes = b""
    bom: bool = False
    blank_body: bool = True


def _scan(path: Path) -> _Scan:
    """Read the head of the file: byte-order mark, header, and whether any record follows it.

    Nothing else is read here: UTF-8 is validated by Arrow as it parses (a failure is located by
    :func:`_first_bad_utf8`), and lines are counted only when a problem needs a line number.
    """
    scan = _Scan()
    with path.open("rb") as stream:
        chunk = stream.read(_CHUNK)
        scan.bom = chunk.startswith(codecs.BOM_UTF8)
        scan.header = chunk.split(b"\n", 1)[0][:65536]
        body = chunk.split(b"\n", 1)[1] if b"\n" in chunk else b""
        while not body.strip() and (more := stream.read(_CHUNK)):
            body = more
        scan.blank_body = not body.strip()
    return scan


def _first_bad_utf8(path: Path) -> tuple[int, int] | None:
    """(byte offset, line) of the first byte that is not UTF-8, streamed; None if there is none."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = newlines = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start, newlines + chunk[: exc.start].count(b"\n") + 1
            offset += len(chunk)
            newlines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset, newlines + 1
    return None


def read_table(path: Path, model: type[Record], display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> TableData:
    """Read and check one CSV table; never raises on bad input, reports it instead.

    The file's bytes are streamed once (encoding, header, line count) and parsed by Arrow from disk:
    they are never held whole in memory, so memory stays near the size of the parsed table.
    """
    data = TableData(model, display)
    size, problem = check_regular(path, display)
    if problem is not None:
        data.problems.append(problem)
        return data
    if size > max_bytes:
        message = f"{size} bytes is over the {max_bytes}-byte limit; split the contribution or raise --max-bytes"
        data.problems.append(Problem(display, None, None, Rule.FILE_TOO_LARGE, message))
        return data
    try:
        scan = _scan(path)
    except OSError as exc:
        data.problems.append(Problem(display, None, None, Rule.FILE_UNREADABLE, f"cannot be read: {exc.strerror}"))
        return data
    if scan.bom:
        message = "the file starts with a byte-order mark; save it as UTF-8 without BOM"
        data.problems.append(Problem(display, 1, None, Rule.FILE_ENCODING, message))
        return data
    names = [column.name for column in columns(model)]
    header_problem = _header(display, scan.header, names)
    if header_problem:
        data.problems.append(header_problem)
        return data
    _parse(data, path, scan, names)
    if data.table is not None:
        check_cells(data)
    return data


def _encoding_problem(data: TableData, path: Path) -> bool:
    """Report the first byte that is not UTF-8, if there is one: bytes that are not text come first."""
    bad = _first_bad_utf8(path)
    if bad is None:
        return False
    position, line = bad
    message = f"byte {position} is not UTF-8; save the file as UTF-8"
    data.problems.append(Problem(data.file, line, None, Rule.FILE_ENCODING, message))
    return True


def _parse(data: TableData, path: Path, scan: _Scan, names: list[str]) -> None:
    wrong_length: list[int] = []

    def skip(row: Any) -> str:
        wrong_length.append(row.actual_columns)
        return "skip" if len(wrong_length) < MAX_STRUCTURE_PROBLEMS else "error"  # enough to know it is broken

    if scan.blank_body:
        data.table = pa.table({name: pa.array([], pa.string()) for name in names})
        return
    try:
        # The streaming reader, not read_csv: on two cores it takes a third of the time (read_csv's
        # threads contend), and its memory stays near the table's own size.
        reader = pacsv.open_csv(
            str(path),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=True,  # a failure is located by _encoding_problem
            ),
        )
        table = pa.Table.from_batches(list(reader), reader.schema)
    except pa.ArrowInvalid as exc:
        if _encoding_problem(data, path):
            return
        if not wrong_length:
            first_line = str(exc).splitlines()[0]
            data.problems.append(Problem(data.file, None, None, Rule.ROW_LENGTH, f"not valid CSV: {first_line}"))
            return
    if wrong_length:  # a structurally broken file is reported as such, and its rows are not used
        if _encoding_problem(data, path):
            return
        for line, count in _wrong_length_rows(path, len(names)):
            data.problems.append(
                Problem(data.file, line, None, Rule.ROW_LENGTH, f"{count} cells, expected {len(names)}")
            )
        return
    data.table = table
