"""Opening a Parquet file a pull request may have written: its footer bounded, its columns never decoded blind.

A 13 kB Parquet file can hold one dictionary value of 14 MB used by every row: decoded as plain
strings, 176 rows are 2.4 GB. Here the file is read once (a regular file, within the size limit),
its footer parsed with Thrift and schema-depth limits, nested columns refused, and every string or
binary column read as a dictionary, so what a batch would cost decoded can be asked before it is
decoded (:func:`decoded_bytes`), in batches sized from the largest column chunk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_PARQUET_METADATA_BYTES, PARQUET_BATCH_BYTES
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import read_regular

_MAX_BATCH_ROWS = 65536
_SCHEMA_DEPTH = 16
_THRIFT_CONTAINERS = 100_000
# What pyarrow may parse of a footer written by someone else.
PARQUET_OPTIONS: dict[str, Any] = {
    "thrift_string_size_limit": MAX_PARQUET_METADATA_BYTES,
    "thrift_container_size_limit": _THRIFT_CONTAINERS,
    "schema_depth_limit": _SCHEMA_DEPTH,
}


@dataclass(frozen=True)
class BoundedParquet:
    """A Parquet file opened within bounds: ``file`` reads string columns as dictionaries, ``batch_rows`` at a time."""

    file: Any  # pyarrow.parquet.ParquetFile
    batch_rows: int
    uncompressed: int  # the bytes its pages hold once decompressed, as its footer records them


def _unreadable(display: str, why: str) -> Problem:
    return Problem(display, None, None, Rule.PARQUET_UNREADABLE, f"{why}; run `crocus-data build`")


def open_parquet(
    path: Path, display: str, limit: int = DEFAULT_MAX_BYTES, derived_lists: frozenset[str] | set[str] = frozenset()
) -> BoundedParquet | Problem:
    """The file at ``path`` as a :class:`BoundedParquet`, or the problem that keeps it from being read.

    ``derived_lists`` names the list-of-strings columns the build derives (``source_ids``): the only
    nested columns allowed, and never read by the comparison (the caller asks for the other columns).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    def _a_derived_list(field: Any) -> bool:
        return bool(field.name in derived_lists and pa.types.is_list(field.type) and _is_textual(field.type.value_type))

    content = read_regular(path, display, limit)
    if isinstance(content, Problem):
        return content
    options = PARQUET_OPTIONS
    try:
        probe = pq.ParquetFile(pa.BufferReader(content), **options)
        metadata = probe.metadata
        if metadata.serialized_size > MAX_PARQUET_METADATA_BYTES:
            return _unreadable(display, f"its footer is over the {MAX_PARQUET_METADATA_BYTES}-byte limit")
        schema = probe.schema_arrow
        nested = [field.name for field in schema if pa.types.is_nested(field.type) and not _a_derived_list(field)]
        if nested:
            return _unreadable(display, f"its column {nested[0]!r} is nested, and no table has a nested column")
        largest, total = 0, 0
        for group in range(metadata.num_row_groups):
            row_group = metadata.row_group(group)
            for column in range(row_group.num_columns):
                size = max(0, row_group.column(column).total_uncompressed_size)
                largest, total = max(largest, size), total + size
        textual = [
            field.name
            for field in schema
            if _is_textual(field.type) or (pa.types.is_dictionary(field.type) and _is_textual(field.type.value_type))
        ]
        bounded = pq.ParquetFile(pa.BufferReader(content), read_dictionary=textual, **options)
    except (OSError, pa.ArrowException, ValueError) as exc:
        return _unreadable(display, f"cannot be read as Parquet ({str(exc).splitlines()[0][:200]})")
    rows = max(1, min(_MAX_BATCH_ROWS, PARQUET_BATCH_BYTES // max(1, largest)))
    return BoundedParquet(bounded, rows, total)


def _is_textual(kind: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind)
                or pa.types.is_large_binary(kind))  # fmt: skip


def decoded_bytes(column: Any) -> int:
    """The bytes of values a string, binary or dictionary column holds once decoded, counted without decoding."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        return sum(decoded_bytes(chunk) for chunk in column.chunks)
    if pa.types.is_dictionary(column.type):
        if not _is_textual(column.type.value_type):
            return 0
        lengths = pc.binary_length(column.dictionary)
        total = pc.sum(pc.take(lengths, column.indices)).as_py()
        return int(total or 0)
    if _is_textual(column.type):
        return int(pc.sum(pc.binary_length(column)).as_py() or 0)
    return 0
