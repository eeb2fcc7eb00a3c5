"""The hand-encoded form: one CSV file per table, turned into models and written back canonically.

The CSV files under ``crocus_data/data/records/`` are what contributors edit. ``tables.py`` reads
and checks them in bulk; this module turns checked rows into models (for the build) and writes
models back in canonical form (UTF-8, ``\\n`` line ends, minimal quoting, empty cell = absent), so
a rebuild of clean data changes no byte.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from enum import Enum
from typing import Any

from crocus_data.csv_tables import TableData
from crocus_data.models.record import Record
from crocus_data.schema.columns import column_values, columns


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


def nest(model: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """Flat column values -> the model's (possibly nested) field structure."""
    nested: dict[str, Any] = {}
    for column in columns(model):
        if column.name not in values:
            continue
        target = nested
        for part in column.path[:-1]:
            target = target.setdefault(part, {})
        target[column.path[-1]] = values[column.name]
    return nested


def to_records(data: TableData) -> list[Record]:
    """Models for the rows of a table that passed every check (the build calls this only then)."""
    if data.table is None:
        return []
    return [data.model.model_validate(nest(data.model, row)) for row in data.table.to_pylist()]


def render_table(model: type[Record], records: list[Record]) -> bytes:
    """The canonical bytes of a table's CSV file."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    # csv only quotes a field for the line terminator it writes ("\n"), yet readers also break lines
    # on a bare "\r"; a row holding one is written fully quoted so that it reads back unchanged.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([column.name for column in columns(model)])
    for record in records:
        cells = [format_cell(value) for value in column_values(record)]
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return buffer.getvalue().encode("utf-8")
