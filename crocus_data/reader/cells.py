"""Check every cell of a table against its column, cast it to its type, then apply the row rules.

Every check is derived from ``columns()`` (types, required, enums, patterns, minimums) or from the
model's row rules, and runs on whole Arrow columns; a problem names the line, the column and the rule.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.kinds import plain_arrow_type
from crocus_data.models.columns import Column, columns
from crocus_data.models.row_rules import failing_rows
from crocus_data.reader.table_data import TableData, true_indices
from crocus_data.rule_registry import Rule

_INTEGER = r"^-?[0-9]{1,18}$"
# OWASP's CSV-injection list: cells a spreadsheet may evaluate.
FORMULA_START = r"^[=+\-@\t\r]"
# Control characters no text of a news report holds (tab and line breaks are allowed inside a cell).
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def check_cells(data: TableData) -> None:
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
                if column.name in data.model.tool_filled:
                    data.left_empty.setdefault(column.name, []).append(index)  # reported with the tool's answer
                else:
                    data.problems.append(
                        data.problem(index, column.name, Rule.CELL_REQUIRED, "this column needs a value")
                    )
                bad.add(index)
        value, invalid, rule_id, message = _convert(column, cells, empty)
        expected = expected_form(column)
        if rule_id is not None:
            for index in true_indices(invalid):
                cell = cells[index].as_py()
                if "\n" in cell and column.kind in ("integer", "boolean", "date"):  # typed: its newlines are gone
                    if data.newlines is None:
                        data.newlines = np.zeros(len(cells), np.int64)
                    data.newlines[index] += cell.count("\n")
                problem = data.problem(index, column.name, rule_id, message.format(cell=cell), expected=expected)
                data.problems.append(problem)
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


def expected_form(column: Column) -> str:
    """What a cell of this column must look like, in words: what a problem with it says was expected."""
    if column.kind == "enum":
        return "one of: " + ", ".join(column.enum_values)
    if column.pattern and not column.references:
        return f"text matching {column.pattern}"
    return {
        "integer": "a whole number in ASCII digits, e.g. 144",
        "boolean": "true or false",
        "date": "a date written YYYY-MM-DD, e.g. 2024-03-22",
    }.get(column.kind, "text")


def _nulled(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """The strings with the empty ones null, sharing the strings' buffers: only a validity bitmap is new."""
    chunks = []
    for chunk in cells.chunks:
        blank = pc.equal(chunk, "")
        valid = pc.invert(blank)
        if valid.offset or chunk.offset or chunk.null_count:  # a sliced or nullable chunk: copy instead
            chunks.append(pc.if_else(blank, pa.scalar(None, chunk.type), chunk))
            continue
        chunks.append(pa.Array.from_buffers(chunk.type, len(chunk), [valid.buffers()[1], *chunk.buffers()[1:]]))
    return pa.chunked_array(chunks, cells.type)


def _convert(column: Column, cells: pa.ChunkedArray, empty: Any) -> tuple[pa.ChunkedArray, Any, Rule | None, str]:
    """Typed values (null where empty or invalid), the mask of invalid non-empty cells, rule and message."""
    null = pa.scalar(None, plain_arrow_type(column.kind))
    if column.kind == "integer":
        # ASCII digits only: utf8_is_digit alone also accepts fullwidth and superscript digits, which no cast reads.
        ok = pc.and_(
            pc.and_(pc.string_is_ascii(cells), pc.utf8_is_digit(cells)), pc.less_equal(pc.utf8_length(cells), 18)
        )  # the common case
        if pc.any(pc.and_(pc.invert(ok), pc.invert(empty))).as_py():  # negative numbers, or a problem
            ok = pc.match_substring_regex(cells, _INTEGER)
        value = pc.if_else(ok, pc.cast(pc.if_else(ok, cells, "0"), pa.int64()), null)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), Rule.CELL_TYPE_INTEGER, (
            "'{cell}' is not a whole number (write digits only, e.g. 144)"
        )  # fmt: skip
    if column.kind == "boolean":
        ok = pc.is_in(cells, pa.array(["true", "false"]))
        value = pc.if_else(ok, pc.equal(cells, "true"), null)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), Rule.CELL_TYPE_BOOLEAN, (
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
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), Rule.CELL_TYPE_DATE, (
            "'{cell}' is not a date (write YYYY-MM-DD, e.g. 2024-03-22)"
        )  # fmt: skip
    value = _nulled(cells) if pc.any(empty).as_py() else cells
    if column.kind == "enum":
        ok = pc.is_in(cells, pa.array(column.enum_values))
        allowed = ", ".join(column.enum_values)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), Rule.CELL_ENUM, (
            "'{cell}' is not allowed here; use one of: " + allowed.replace("{", "{{").replace("}", "}}")
        )  # fmt: skip
    if column.pattern and not column.references:
        # A reference is checked against the keys of its table instead, which match the pattern.
        ok = pc.match_substring_regex(cells, column.pattern)
        return value, pc.and_(pc.invert(empty), pc.invert(ok)), Rule.CELL_PATTERN, (
            "'{cell}' does not match the pattern " + column.pattern.replace("{", "{{").replace("}", "}}")
        )  # fmt: skip
    nothing_invalid = pc.and_(empty, pc.invert(empty))
    return value, nothing_invalid, None, ""


@cache
def nfc_suspects() -> str:
    """An RE2 class of every code point that can make a string not NFC; a string without one is NFC.

    Unicode's NFC quick check says YES for a string whose characters all have combining class 0 and
    NFC_Quick_Check=Yes. The others are combining marks, characters NFC replaces (singletons and
    composition exclusions), second halves of canonical compositions, and Hangul vowel and trailing
    jamo. Read from this Python's own Unicode database (planes 4-13 hold no characters).
    """
    points: set[int] = {*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)}
    for point in [*range(0xD800), *range(0xE000, 0x40000), *range(0xE0000, 0xE1000)]:
        char = chr(point)
        if unicodedata.combining(char):
            points.add(point)
        decomposition = unicodedata.decomposition(char).split()
        if not decomposition or decomposition[0].startswith("<"):
            continue  # no canonical decomposition: NFC leaves the character alone
        if unicodedata.normalize("NFC", char) != char:
            points.add(point)
        if len(decomposition) == 2:
            points.add(int(decomposition[1], 16))
    ranges: list[list[int]] = []
    for point in sorted(points):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "[" + "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b > a else "") for a, b in ranges) + "]"


_ODD_LOCK = threading.Lock()  # tables are read two at a time: the class is built once, the other thread waits


def odd_characters() -> str:
    """An RE2 class of the control characters and of the characters that can break NFC."""
    with _ODD_LOCK:
        return _odd_characters()


@cache
def _odd_characters() -> str:
    return "[" + CONTROL[1:-1] + nfc_suspects()[1:-1] + "]"


def _extra_rules(data: TableData, column: Column, cells: pa.ChunkedArray, empty: Any, value: Any) -> list[int]:
    """Minimums, spreadsheet-formula hygiene and NFC; returns the rows it flagged."""
    flagged: list[int] = []
    if column.minimum is not None:
        for index in true_indices(pc.less(value, column.minimum)):
            message = f"{value[index].as_py()} is below the minimum {column.minimum}"
            data.problems.append(data.problem(index, column.name, Rule.CELL_MINIMUM, message))
            flagged.append(index)
    if column.kind == "string":
        formula = pc.match_substring_regex(cells, FORMULA_START)
        for index in true_indices(formula):
            first = cells[index].as_py()[0]
            message = (
                f"starts with {first!r}, which spreadsheets may run as a formula; reword it or quote more words "
                "so it does not start with = + - @, a tab or a carriage return"
            )
            data.problems.append(data.problem(index, column.name, Rule.HYGIENE_FORMULA, message))
            flagged.append(index)
        if column.pattern or column.references:
            return flagged  # an id: its pattern, or the key it must match, admits no odd character
        # One RE2 scan finds the few cells that hold a control character or a character that can
        # break NFC; only those are looked at again (ASCII text without controls is always NFC).
        mask = pc.match_substring_regex(cells, odd_characters())
        suspect = true_indices(mask)
        if not suspect:
            return flagged
        sample = pc.filter(cells, mask)  # chunk by chunk: the column is never concatenated
        for position in true_indices(pc.match_substring_regex(sample, CONTROL)):
            message = "holds a control character (NUL or another, shown escaped); delete it"
            data.problems.append(data.problem(suspect[position], column.name, Rule.CELL_NUL, message))
            flagged.append(suspect[position])
        for position in true_indices(pc.not_equal(pc.utf8_normalize(sample, "NFC"), sample)):
            message = "normalise this cell to Unicode NFC"
            data.problems.append(data.problem(suspect[position], column.name, Rule.TEXT_NFC, message))
            flagged.append(suspect[position])
    return flagged
