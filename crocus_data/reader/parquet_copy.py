"""Whether a Parquet resource holds exactly the rows of its CSV table, compared batch by batch.

Run while the checked CSV table is still whole in memory (before the columns no other check needs
are let go); the Parquet file is streamed in record batches, so comparing costs no second table.
It is opened through ``safe_io.parquet_file``: string columns come as dictionaries, and a batch whose
values would decode to more bytes than the CSV table's rows hold is a mismatch before it is decoded.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.models.columns import column_names, published_columns
from crocus_data.problems import Problem
from crocus_data.reader.table_data import TableData
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.parquet_file import decoded_bytes, open_parquet


def _as_plain(batch: pa.RecordBatch) -> pa.Table:
    """Dictionary-encoded (enum) columns as plain strings, so a Parquet batch compares with a CSV table (the
    batches hold only the CSV table's columns: the derived ones, such as ``source_ids``, are not read)."""
    columns = [pc.cast(c, c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in batch.columns]
    return pa.table(columns, names=batch.schema.names)


def _larger_than(batch: pa.RecordBatch, expected: pa.Table) -> bool:
    """Whether a column of the batch would decode to more bytes of values than the same rows of the CSV table."""
    return any(
        decoded_bytes(column) > decoded_bytes(expected.column(name))
        for name, column in zip(batch.schema.names, batch.columns, strict=True)
    )


def compare_parquet(data: TableData, path: Path, display: str) -> tuple[Problem | None, pa.Schema | None]:
    """The problem with the Parquet copy of a clean CSV table (None when it holds the same rows), and its schema."""
    assert data.table is not None
    names = column_names(data.model)
    derived = {column.name for column in published_columns(data.model)} - set(names)
    opened = open_parquet(path, display, derived_lists=derived)
    if isinstance(opened, Problem):
        return opened, None
    parquet = opened.file
    try:
        if parquet.schema_arrow.names != [column.name for column in published_columns(data.model)]:
            message = f"its columns are not {data.model.table}'s; run `crocus-data build`"
            return Problem(display, None, None, Rule.PARQUET_UNREADABLE, message), None
        if parquet.metadata.num_rows != data.num_rows:
            message = (
                f"it has {parquet.metadata.num_rows} rows, {data.file} has {data.num_rows}; run `crocus-data build`"
            )
            return Problem(display, None, None, Rule.PARQUET_MISMATCH, message), None
        if opened.uncompressed > 2 * data.table.nbytes + (1 << 20):
            message = f"its pages hold more bytes than {data.file}'s rows could; run `crocus-data build`"
            return Problem(display, None, None, Rule.PARQUET_MISMATCH, message), None
        position = 0
        for batch in parquet.iter_batches(batch_size=opened.batch_rows, columns=names, use_threads=False):
            expected = data.table.slice(position, batch.num_rows)
            try:
                same = not _larger_than(batch, expected) and _as_plain(batch).cast(expected.schema).equals(expected)
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
