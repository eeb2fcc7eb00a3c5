"""Validated records -> Parquet (zstd), with the documented Arrow types, pandas metadata and the release.

Returns bytes, so the build can render everything, compare, and only then write.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crocus_data.kinds import parquet_arrow_type
from crocus_data.models import Record
from crocus_data.models.columns import column_names, column_values, columns, pandas_dtypes
from crocus_data.reader.release_info import KEY, VersionInfo


def arrow_schema(model: type[Record]) -> pa.Schema:
    """The Parquet file's schema: each column's type, nullability and description."""
    return pa.schema(
        [
            pa.field(
                column.name,
                parquet_arrow_type(column.kind),
                nullable=not column.required,
                metadata={"description": column.description},
            )
            for column in columns(model)
        ]
    )


def to_frame(model: type[Record], records: list[Record], info: VersionInfo | None = None) -> pd.DataFrame:
    """Records as a DataFrame with the documented dtypes (and, given ``info``, its ``attrs``)."""
    rows = [column_values(record) for record in records]
    frame = pd.DataFrame(rows, columns=column_names(model), dtype=object).astype(pandas_dtypes(model))
    if info is not None:
        frame.attrs[KEY] = info.as_dict()
    return frame


def parquet_bytes(model: type[Record], records: list[Record], info: VersionInfo) -> bytes:
    """The table as Parquet (zstd): pandas metadata so readers restore nullable dtypes and ``attrs``, and
    the release it belongs to under the schema metadata key ``crocus_data`` for every other reader."""
    table = pa.Table.from_pandas(to_frame(model, records, info), schema=arrow_schema(model), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), KEY.encode(): info.to_json()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())
