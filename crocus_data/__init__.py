"""crocus-data: a validated dataset of the Crocus City Hall attack and its aftermath.

Light to import: nothing beyond the standard library loads until a function is called; pandas and
pyarrow load when a table is loaded, pydantic when a package is validated.

>>> import crocus_data
>>> crocus_data.tables()                      # the table names
>>> crocus_data.load("figures")               # a pandas DataFrame
>>> crocus_data.parquet_path("figures")       # for polars or DuckDB
>>> crocus_data.duckdb().sql("FROM figures")  # every table as a DuckDB view (the duckdb extra)
>>> crocus_data.source_text("src-000")        # the verbatim document
>>> crocus_data.version_info(frame)           # which release a loaded frame came from
>>> crocus_data.validate()                    # a Report: every problem, as the CLI finds it
>>> crocus_data.load_package("path/to/checkout")  # any checkout's tables, for the views
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from crocus_data.version import __version__

if TYPE_CHECKING:
    from crocus_data.loaders import data_dir as data_dir
    from crocus_data.loaders import load as load
    from crocus_data.loaders import parquet_path as parquet_path
    from crocus_data.loaders import source_text as source_text
    from crocus_data.loaders import tables as tables
    from crocus_data.loaders.duckdb_connection import duckdb as duckdb
    from crocus_data.loaders.package import load_package as load_package
    from crocus_data.reader.release_info import VersionInfo as VersionInfo
    from crocus_data.reader.release_info import version_info as version_info
    from crocus_data.validation import Report as Report
    from crocus_data.validation import validate as validate

# Each public name and the module that defines it, imported on first use (PEP 562).
_PUBLIC = {
    "data_dir": "crocus_data.loaders",
    "load": "crocus_data.loaders",
    "parquet_path": "crocus_data.loaders",
    "source_text": "crocus_data.loaders",
    "tables": "crocus_data.loaders",
    "duckdb": "crocus_data.loaders.duckdb_connection",
    "load_package": "crocus_data.loaders.package",
    "VersionInfo": "crocus_data.reader.release_info",
    "version_info": "crocus_data.reader.release_info",
    "Report": "crocus_data.validation",
    "validate": "crocus_data.validation",
}

__all__ = [
    "Report",
    "VersionInfo",
    "__version__",
    "data_dir",
    "duckdb",
    "load",
    "load_package",
    "parquet_path",
    "source_text",
    "tables",
    "validate",
    "version_info",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'crocus_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
