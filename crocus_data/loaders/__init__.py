"""Loaders: the shipped (or any built) package's tables as pandas, Arrow or polars frames, offline.

Only the standard library is imported here: pandas and pyarrow load when a table does.
``tables`` reads what the descriptor lists; ``frames`` turns a Parquet or CSV file into a frame
with the documented dtypes; ``backends`` gives Arrow and polars the same types.
"""

from __future__ import annotations

from crocus_data.loaders.frames import read_csv_frame, read_parquet_frame
from crocus_data.loaders.installed import data_dir
from crocus_data.loaders.tables import csv_path, load, parquet_path, source_ids, source_text, tables

__all__ = [
    "csv_path",
    "data_dir",
    "load",
    "parquet_path",
    "read_csv_frame",
    "read_parquet_frame",
    "source_ids",
    "source_text",
    "tables",
]
