"""Check every cell of a table against its column, cast it to its type, then apply the row rules.

Every check is derived from ``columns()`` (types, required, enums, patterns, minimums) or from the
model's row rules, and runs on whole Arrow columns; a problem names the line, the column and the rule.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.checks.table_data import TableData, true_indices
from crocus_data.models.columns import Column, columns
from crocus_data.models.kinds import plain_arrow_type
from crocus_data.models.row_rules import failing_rows
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
        if rule_id is not None:
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
    value = pc.if_else(empty, null, cells) if pc.any(empty).as_py() else cells
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


def _extra_rules(data: TableData, column: Column, cells: pa.ChunkedArray, empty: Any, value: Any) -> list[int]:
    """Minimums, spreadsheet-formula hygiene and NFC; returns the rows it flagged."""
    flagged: list[int] = []
    if column.minimum is not None:
        for index in true_indices(pc.less(value, column.minimum)):
            message = f"{value[index].as_py()} is below the minimum {column.minimum}"
            data.problems.append(data.problem(index, column.name, Rule.CELL_MINIMUM, message))
            flagged.append(index)
    if column.kind in ("string", "enum"):
        for index in true_indices(pc.match_substring_regex(cells, CONTROL)):
            message = "holds a control character (NUL or another, shown escaped); delete it"
            data.problems.append(data.problem(index, column.name, Rule.CELL_NUL, message))
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
        if not pc.all(pc.string_is_ascii(cells)).as_py():  # ASCII is always NFC
            for index in true_indices(pc.not_equal(pc.utf8_normalize(cells, "NFC"), cells)):
                message = "normalise this cell to Unicode NFC"
                data.problems.append(data.problem(index, column.name, Rule.TEXT_NFC, message))
                flagged.append(index)
    return flagged
