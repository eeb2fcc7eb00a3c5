"""Validated records -> the published resources: Parquet files and the Data Package descriptor.

Every function returns bytes, so the build can render everything, compare, and only then write.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crocus_data import __version__
from crocus_data.dataset import PARQUET_DIR, RECORDS_DIR, SOURCES_DIR
from crocus_data.models import MODELS, Record, Source
from crocus_data.schema.arrow import arrow_schema, pandas_dtypes
from crocus_data.schema.columns import column_names, column_values
from crocus_data.schema.table_schema import table_description, table_schema

PARQUET_SUFFIX = "-parquet"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (the encoded tables; not the source texts, see docs/licensing.md)",
}


def to_frame(model: type[Record], records: list[Record]) -> pd.DataFrame:
    """Records as a DataFrame with the documented dtypes."""
    rows = [column_values(record) for record in records]
    frame = pd.DataFrame(rows, columns=column_names(model), dtype=object)
    return frame.astype(pandas_dtypes(model))


def parquet_bytes(model: type[Record], records: list[Record]) -> bytes:
    """The table as Parquet (zstd), with pandas metadata so readers restore nullable dtypes."""
    table = pa.Table.from_pandas(to_frame(model, records), schema=arrow_schema(model), preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def json_bytes(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _table_resources(prefix: str) -> list[dict[str, Any]]:
    resources = []
    for model in MODELS:
        common = {
            "title": model.table_title,
            "description": table_description(model),
            "profile": "tabular-data-resource",
        }
        resources.append(
            {
                "name": model.table,
                "path": f"{prefix}{RECORDS_DIR}/{model.table}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **common,
                "schema": table_schema(model),
            }
        )
    for model in MODELS:
        resources.append(
            {
                "name": f"{model.table}{PARQUET_SUFFIX}",
                "path": f"{prefix}{PARQUET_DIR}/{model.table}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "title": f"{model.table_title} (Parquet)",
                "description": f"The same rows as '{model.table}', as Parquet.",
                "profile": "tabular-data-resource",
                "schema": table_schema(model, PARQUET_SUFFIX),
            }
        )
    return resources


def descriptor(sources: list[Source], prefix: str = "") -> dict[str, Any]:
    """The Data Package descriptor; ``prefix`` is where the data directory lies relative to it."""
    texts = [
        {
            "name": source.source_id,
            "path": f"{prefix}{SOURCES_DIR}/{source.filename}",
            "type": "file",
            "format": "txt",
            "mediatype": "text/plain",
            "encoding": "utf-8",
            "title": f"Source text {source.source_id}" + (f": {source.title}" if source.title else ""),
            "description": "Verbatim source document, bytes as received; evidence offsets index its characters.",
            "bytes": source.bytes,
            "hash": f"sha256:{source.sha256}",
        }
        for source in sources
    ]
    return {
        "profile": "data-package",
        "name": "crocus-data",
        "title": "crocus-data: the Crocus City Hall attack and its aftermath, encoded from news reports",
        "description": (
            "Claims, not facts: incidents, actors, detentions, reported treatment in custody, statements and "
            "figures from news reports about the 22 March 2024 attack on Crocus City Hall and the hostage-taking "
            "in a Rostov detention centre nearly three months later, each row attributed and backed by verbatim "
            "evidence."
        ),
        "version": __version__,
        "licenses": [LICENSE],
        "keywords": ["Crocus City Hall", "terrorism", "detention", "torture", "event data", "claims"],
        "sources": [{"title": text["title"], "path": text["path"]} for text in texts],
        "resources": [*_table_resources(prefix), *texts],
    }
