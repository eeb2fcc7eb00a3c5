"""The shipped tables as Arrow tables, polars frames and Hugging Face datasets, with the documented types
``load()`` gives pandas.

Enums are dictionary-encoded (Arrow), ``pl.Enum`` (polars) or ``ClassLabel`` (datasets) with every
allowed value, in the vocabulary's order, whether or not the table uses it; integers and booleans are
nullable; dates are dates. Arrow fields carry each column's description in their metadata, and the
schema the release metadata (``crocus_data.version_info`` reads either). pyarrow is imported only
here, and polars and datasets only when asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from crocus_data.loaders.frames import enum_values

if TYPE_CHECKING:
    import datasets
    import polars as pl
    import pyarrow as pa


def load_arrow(path: Path, name: str) -> pa.Table:
    """Table ``name``'s Parquet file as a ``pyarrow.Table``, with every enum's full vocabulary as its dictionary."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    vocabularies = enum_values(name)
    for index, column in enumerate(table.column_names):
        if column not in vocabularies:
            continue
        values = pa.array(vocabularies[column], pa.string())
        plain = pc.cast(table.column(index), pa.string())
        chunks = [
            pa.DictionaryArray.from_arrays(pc.index_in(chunk, value_set=values), values) for chunk in plain.chunks
        ]
        field = table.schema.field(index)
        full = pa.chunked_array(chunks, pa.dictionary(pa.int32(), pa.string()))
        table = table.set_column(index, field.with_type(full.type), full)
    return table


def load_polars(path: Path, name: str) -> pl.DataFrame:
    """Table ``name``'s Parquet file as a ``polars.DataFrame``: enums as ``pl.Enum`` of the full vocabulary,
    dates as ``pl.Date``."""
    try:
        import polars as pl
    except ImportError as exc:  # pragma: no cover - exercised only without polars
        raise ImportError("load(..., backend='polars') needs polars: pip install polars") from exc
    import pyarrow as pa
    import pyarrow.compute as pc

    table = load_arrow(path, name)
    enums: dict[str, pl.DataType] = {}
    for column, vocabulary in enum_values(name).items():
        index = table.column_names.index(column)
        plain = pc.cast(table.column(index), pa.string())
        table = table.set_column(index, pa.field(column, pa.string()), plain)
        enums[column] = pl.Enum(vocabulary)
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns(pl.col(name).cast(dtype) for name, dtype in enums.items())


def load_datasets(path: Path, name: str) -> datasets.Dataset:
    """Table ``name``'s Parquet file as a Hugging Face ``datasets.Dataset``: enums as ``ClassLabel`` of the full
    vocabulary (each cell its index; ``features[column].int2str`` names it), everything else as
    ``Features.from_arrow_schema`` reads it. Nothing is fetched and nothing is cached on disk."""
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover - exercised only without datasets
        raise ImportError("load(..., backend='datasets') needs datasets: pip install 'crocus-data[datasets]'") from exc
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    vocabularies = enum_values(name)
    features = datasets.Features.from_arrow_schema(table.schema)
    for index, column in enumerate(table.column_names):
        if column in vocabularies:
            labels = pc.index_in(pc.cast(table.column(index), pa.string()), value_set=pa.array(vocabularies[column]))
            table = table.set_column(index, pa.field(column, pa.int64()), pc.cast(labels, pa.int64()))
            features[column] = datasets.ClassLabel(names=vocabularies[column])
    return datasets.Dataset(table, info=datasets.DatasetInfo(features=features))
