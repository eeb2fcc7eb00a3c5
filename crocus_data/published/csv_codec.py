"""The canonical CSV form of a table: how records are written back, byte for byte.

The CSV files under ``crocus_data/data/records/`` are what contributors edit; the checks read them
(``reader/csv_file.py``). This module writes rows back in canonical form (UTF-8, ``\\n`` line ends,
minimal quoting, empty cell = absent), so a rebuild of clean data changes no byte, and every tool
that rewrites a table (the build, ``fill-offsets``) writes the same bytes for the same cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum
from typing import Any

from crocus_data.models.columns import column_values, columns
from crocus_data.models.record import Record


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


def render_rows(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The canonical bytes of a CSV file with this header and these cells (already text)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    # csv only quotes a field for the line terminator it writes ("\n"), yet readers also break lines
    # on a bare "\r"; a row holding one is written fully quoted so that it reads back unchanged.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for cells in rows:
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return buffer.getvalue().encode("utf-8")


def render_table(model: type[Record], records: list[Record]) -> bytes:
    """The canonical bytes of a table's CSV file."""
    return render_rows(
        [column.name for column in columns(model)],
        ([format_cell(value) for value in column_values(record)] for record in records),
    )
