"""Whether a Parquet resource holds exactly the rows of its CSV table, compared batch by batch.

Run while the checked CSV table is still whole in memory (before the columns no other check needs
are let go); the Parquet file is streamed in record batches, so comparing costs no second table.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.models.columns import column_names, published_columns
from crocus_data.problems import Problem
from crocus_data.reader.table_data import TableData
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import check_regular

_BATCH_ROWS = 65536


def _as_plain(batch: pa.RecordBatch, names: list[str]) -> pa.Table:
    """The CSV table's columns of a Parquet batch (the derived ones left out), dictionary-encoded (enum) columns as
    plain strings, so that it compares with a CSV table."""
    columns = [batch.column(name) for name in names]
    columns = [pc.cast(c, pa.string()) if pa.types.is_dictionary(c.type) else c for c in columns]
    return pa.table(columns, names=names)


def compare_parquet(data: TableData, path: Path, display: str) -> tuple[Problem | None, pa.Schema | None]:
    """The problem with the Parquet copy of a clean CSV table (None when it holds the same rows), and its schema."""
    import pyarrow.parquet as pq

    assert data.table is not None
    _, problem = check_regular(path, display)
    if problem is not None:
        return problem, None
    try:
        parquet = pq.ParquetFile(path)
        names = column_names(data.model)
        if parquet.schema_arrow.names != [column.name for column in published_columns(data.model)]:
            message = f"its columns are not {data.model.table}'s; run `crocus-data build`"
            return Problem(display, None, None, Rule.PARQUET_UNREADABLE, message), None
        if parquet.metadata.num_rows != data.num_rows:
            message = (
                f"it has {parquet.metadata.num_rows} rows, {data.file} has {data.num_rows}; run `crocus-data build`"
            )
            return Problem(display, None, None, Rule.PARQUET_MISMATCH, message), None
        position = 0
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            expected = data.table.slice(position, batch.num_rows)
            try:
                same = _as_plain(batch, names).cast(expected.schema).equals(expected)
            except (pa.ArrowException, ValueError):
                same = False
            if not same:
                message = f"its rows differ from {data.file} (from row {position + 1} on); run `crocus-data build`"
                return Problem(display, None, None, Rule.PARQUET_MISMATCH, message), None
            position += batch.num_rows
    except (OSError, pa.ArrowException) as exc:
        message = f"cannot be read as Parquet ({str(exc).splitlines()[0][:200]}); run `crocus-data build`"
        return Problem(display, None, None, Rule.PARQUET_UNREADABLE, message), None
    return None, parquet.schema_arrow
