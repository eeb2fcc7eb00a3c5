"""A table as read: typed Arrow columns, the line each row starts on, and the problems found.

Shared by the CSV reader, the cell checks and the checks across tables; it only holds, never reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.models.columns import nest
from crocus_data.models.record import Record
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule


@dataclass
class TableData:
    """A table as read: typed Arrow columns (bad cells null), line numbers, and the problems found."""

    model: type[Record]
    file: str
    table: pa.Table | None = None
    problems: list[Problem] = field(default_factory=list)
    newlines: np.ndarray | None = None  # per row, newlines in cells the table no longer holds as text
    deferred: list[Problem] = field(default_factory=list)  # reported only if the records are clean
    parquet_schema: Any = None  # the schema of the table's Parquet copy, once compared equal
    _extra_newlines: np.ndarray | None = None
    left_empty: dict[str, list[int]] = field(default_factory=dict)  # tool-filled column -> rows where it is empty
    # The models of the rows, made once per table object: the build's outputs each read them.
    _records: tuple[pa.Table, list[Record]] | None = field(default=None, repr=False, compare=False)

    @property
    def num_rows(self) -> int:
        return 0 if self.table is None else self.table.num_rows

    def line(self, index: int) -> int:
        """The physical line of the file on which row ``index`` starts (the header is line 1).

        Counting the newlines inside cells costs a pass over every text column, so it is done only
        when a problem first needs a line number: a valid table never pays for it.
        """
        if self.table is None:
            return index + 2
        if self._extra_newlines is None:
            per_row = np.zeros(self.table.num_rows, np.int64) if self.newlines is None else self.newlines.copy()
            for column in self.table.columns:
                if pa.types.is_string(column.type):
                    per_row += pc.fill_null(pc.count_substring(column, "\n"), 0).to_numpy()
            self._extra_newlines = np.concatenate([[0], np.cumsum(per_row)[:-1]])
        return index + 2 + int(self._extra_newlines[index])

    def problem(
        self, index: int | None, column: str | None, rule: Rule, message: str, *, expected: str | None = None
    ) -> Problem:
        """The problem at row ``index``, column ``column``, carrying that cell's value as the table holds it."""
        line = None if index is None else self.line(index)
        return Problem(self.file, line, column, rule, message, self.cell(index, column), expected)

    def cell(self, index: int | None, column: str | None) -> str | None:
        """A cell as its CSV file writes it (None when empty, or when the table no longer holds the column)."""
        if index is None or column is None or self.table is None or column not in self.table.column_names:
            return None
        value = self.table.column(column)[index].as_py()
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

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


def member(values: pa.ChunkedArray, keys: pa.ChunkedArray) -> pa.ChunkedArray:
    """is_in(values, keys), without hashing a big key set for a few values; a blank never matches a blank.

    Hashing costs follow the value set: a small table's references into a million statements
    first narrow the keys to those equal to some value (one cheap scan), then hash only those.
    """
    if len(keys) > 4 * len(values):
        keys = pc.filter(keys, pc.is_in(keys, value_set=pc.unique(values), skip_nulls=True))
    return pc.is_in(values, value_set=keys, skip_nulls=True)


def to_records(data: TableData) -> list[Record]:
    """Models for the rows of a table that passed every check (the build calls this only then)."""
    if data.table is None:
        return []
    if data._records is None or data._records[0] is not data.table:
        records = [data.model.model_validate(nest(data.model, row)) for row in data.table.to_pylist()]
        data._records = (data.table, records)
    return list(data._records[1])


def keep_only(data: TableData, names: list[str]) -> None:
    """Let go of the columns no later check reads, keeping every row's line number exact."""
    if data.table is None or names == data.table.column_names:
        return
    for name in data.table.column_names:
        column = data.table.column(name)
        if name not in names and pa.types.is_string(column.type):
            counts = pc.fill_null(pc.count_substring(column, "\n"), 0).to_numpy()
            data.newlines = counts if data.newlines is None else data.newlines + counts
    data.table = data.table.select(names)


def lookup(values: pa.ChunkedArray, keys: pa.ChunkedArray, target: pa.ChunkedArray) -> pa.Array:
    """target[i] for the row i of ``keys`` equal to each value (null where there is none, and for a blank value).

    As in ``member``, a few values looked up among many keys first narrow the keys to those equal to
    some value (one scan; order kept, so the first equal key is still the one found), then hash those.
    """
    if len(keys) <= 4 * len(values):
        return pc.take(target, pc.index_in(values, value_set=keys, skip_nulls=True))
    kept = pc.indices_nonzero(pc.fill_null(pc.is_in(keys, value_set=pc.unique(values), skip_nulls=True), False))
    return pc.take(target, pc.take(kept, pc.index_in(values, value_set=pc.take(keys, kept), skip_nulls=True)))
