"""Rewriting a hand-encoded table: only one the validator's reader accepts, and only inside the checkout.

``fill-offsets`` and ``add-source`` write a whole table back. Each first reads the package with the
validator's reader (``reader.package.from_layout``: stat first, so a pipe, a device or a link out of
the tree is a located problem, never a hang), refuses a table that reader rejects (a stray comma, a
byte that is not UTF-8, a broken header) with that reader's own located problems, and then parses the
same bytes strictly with the ``csv`` module, refusing them unless both readings see the same rows:
a row is never rewritten from a reading the validator would not make.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from crocus_data.layout import record_file
from crocus_data.limits import DEFAULT_MAX_BYTES
from crocus_data.problems import Problem
from crocus_data.reader.package import Package
from crocus_data.rule_registry import Category, Rule
from crocus_data.safe_io.files import read_inside


@dataclass(frozen=True)
class Rows:
    """A table's header and rows as text, with the line each row starts on (the header is line 1)."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def rows_to_rewrite(package: Package, data_dir: Path, table: str, display_prefix: str = "") -> Rows | list[Problem]:
    """TABLE's rows as text, if the reader accepted its file; else the problems that keep it from being rewritten.

    ``package`` is ``from_layout(data_dir, display_prefix)``: its problems for the table's file are
    the validator's own (file, line, rule), and are what is returned when the file is refused.
    """
    data = package.tables.get(table)
    display = f"{display_prefix}{record_file(table)}"
    if data is None or data.table is None:
        found = [] if data is None else data.problems
        return found or [Problem(display, None, None, Rule.FILE_UNREADABLE, "the reader could not read it")]
    unusable = [problem for problem in data.problems if problem.category is Category.UNUSABLE]
    if unusable:
        return unusable
    raw = read_inside(data_dir, record_file(table), DEFAULT_MAX_BYTES, display)
    if isinstance(raw, Problem):
        return [raw]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # changed since the reader read it
        line = raw[: exc.start].count(b"\n") + 1
        return [Problem(display, line, None, Rule.FILE_ENCODING, f"byte {exc.start} is not UTF-8; save it as UTF-8")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed: list[list[str]] = []
    lines: list[int] = []
    try:
        header = next(reader, [])
        line = reader.line_num + 1
        for row in reader:
            if row:  # the reader skips blank lines too
                parsed.append(row)
                lines.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        return [Problem(display, reader.line_num, None, Rule.ROW_LENGTH, f"cannot be read as CSV: {exc}")]
    if len(parsed) != data.num_rows or any(len(row) != len(header) for row in parsed):
        message = "the file does not read the same way twice (a stray quote or comma?); nothing is rewritten"
        return [Problem(display, None, None, Rule.ROW_LENGTH, message)]
    return Rows(header, parsed, lines)
