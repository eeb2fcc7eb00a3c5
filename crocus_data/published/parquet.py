"""Validated records -> Parquet (zstd), with the documented Arrow types, pandas metadata and the release.

Each table gains its derived columns (``crocus_data.derived``: the documents its evidence quotes), so
the evidence rows are given too. Returns bytes, so the build can render everything, compare, and only
then write.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crocus_data.derived import SOURCE_IDS, source_ids
from crocus_data.kinds import parquet_arrow_type
from crocus_data.models import Record
from crocus_data.models.columns import column_names, column_values, pandas_dtypes, published_columns
from crocus_data.reader.release_info import KEY, VersionInfo

# Each evidence row as the derivation reads it: (evidence_id, record_id, source_id).
EvidenceRows = Sequence[tuple[str, str, str]]


def arrow_schema(model: type[Record]) -> pa.Schema:
    """The Parquet file's schema: each column's type, nullability and description."""
    return pa.schema(
        [
            pa.field(
                column.name,
                parquet_arrow_type(column.kind),
                nullable=not column.required,
                metadata={"description": column.description, **enum_metadata(column.enum_values)},
            )
            for column in published_columns(model)
        ]
    )


def enum_metadata(values: Sequence[str]) -> dict[str, str]:
    """How polars marks a column as ``pl.Enum`` of these values in a Parquet file, so ``pl.read_parquet`` gives
    the same type as ``load(backend="polars")``: each value prefixed by its length in bytes (polars'
    ``_PL_ENUM_VALUES2`` field metadata, as polars itself writes it)."""
    if not values:
        return {}
    return {"_PL_ENUM_VALUES2": "".join(f"{len(value.encode())};{value}" for value in values)}


def to_frame(
    model: type[Record], records: list[Record], evidence: EvidenceRows, info: VersionInfo | None = None
) -> pd.DataFrame:
    """Records as a DataFrame with the documented dtypes, derived columns included (and, given ``info``, its
    ``attrs``)."""
    rows = [column_values(record) for record in records]
    frame = pd.DataFrame(rows, columns=column_names(model), dtype=object)
    frame[SOURCE_IDS] = pd.Series(source_ids(model.table, [r.key for r in records], evidence), dtype=object)
    frame = frame.astype(pandas_dtypes(model))
    if info is not None:
        frame.attrs[KEY] = info.as_dict()
    return frame


def parquet_bytes(model: type[Record], records: list[Record], evidence: EvidenceRows, info: VersionInfo) -> bytes:
    """The table as Parquet (zstd): pandas metadata so readers restore nullable dtypes and ``attrs``, and
    the release it belongs to under the schema metadata key ``crocus_data`` for every other reader."""
    frame = to_frame(model, records, evidence, info)
    table = pa.Table.from_pandas(frame, schema=arrow_schema(model), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), KEY.encode(): info.to_json()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())
