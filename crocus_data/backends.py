"""The shipped tables as Arrow tables and polars frames, with the documented types ``load()`` gives pandas.

Enums are dictionary-encoded (Arrow) or ``pl.Enum`` (polars) with every allowed value, in the
vocabulary's order, whether or not the table uses it; integers and booleans are nullable; dates are
dates. Arrow fields carry each column's description in their metadata, and the schema the release
metadata (``crocus_data.version_info`` reads either). pyarrow and polars are imported only here, and
polars only when asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa


def load_arrow(path: Path, name: str) -> pa.Table:
    """Table ``name``'s Parquet file as a ``pyarrow.Table``, with every enum's full vocabulary as its dictionary."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from crocus_data.models import MODEL_BY_TABLE
    from crocus_data.models.columns import columns

    table = pq.read_table(path)
    for index, column in enumerate(columns(MODEL_BY_TABLE[name])):
        if column.kind != "enum":
            continue
        values = pa.array(column.enum_values, pa.string())
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

    from crocus_data.models import MODEL_BY_TABLE
    from crocus_data.models.columns import columns

    table = load_arrow(path, name)
    enums: dict[str, pl.DataType] = {}
    for index, column in enumerate(columns(MODEL_BY_TABLE[name])):
        if column.kind == "enum":
            plain = pc.cast(table.column(index), pa.string())
            table = table.set_column(index, pa.field(column.name, pa.string()), plain)
            enums[column.name] = pl.Enum(column.enum_values)
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns(pl.col(name).cast(dtype) for name, dtype in enums.items())
