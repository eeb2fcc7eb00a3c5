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
    extra_newlines: np.ndarray | None = None  # newlines inside quoted cells before each row
    left_empty: dict[str, list[int]] = field(default_factory=dict)  # tool-filled column -> rows where it is empty

    @property
    def num_rows(self) -> int:
        return 0 if self.table is None else self.table.num_rows

    def line(self, index: int) -> int:
        """The physical line of the file on which row ``index`` starts (the header is line 1)."""
        extra = 0 if self.extra_newlines is None else int(self.extra_newlines[index])
        return index + 2 + extra

    def problem(self, index: int | None, column: str | None, rule: Rule, message: str) -> Problem:
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


def to_records(data: TableData) -> list[Record]:
    """Models for the rows of a table that passed every check (the build calls this only then)."""
    if data.table is None:
        return []
    return [data.model.model_validate(nest(data.model, row)) for row in data.table.to_pylist()]
