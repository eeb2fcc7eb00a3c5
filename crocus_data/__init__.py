"""crocus-data: a validated dataset of the Crocus City Hall attack and its aftermath.

Light to import: pandas and pyarrow load only when a table is loaded.

>>> import crocus_data
>>> crocus_data.tables()                      # the table names
>>> crocus_data.load("figures")               # a pandas DataFrame
>>> crocus_data.parquet_path("figures")       # for polars or DuckDB
>>> crocus_data.source_text("src-000")        # the verbatim document
>>> crocus_data.version_info(frame)           # which release a loaded frame came from
"""

from __future__ import annotations

__version__ = "0.3.0"

from crocus_data.loaders import data_dir, load, parquet_path, source_text, tables
from crocus_data.metadata import VersionInfo, version_info

__all__ = ["VersionInfo", "__version__", "data_dir", "load", "parquet_path", "source_text", "tables", "version_info"]
