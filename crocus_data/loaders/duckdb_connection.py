"""SQL in one line: ``crocus_data.duckdb()``, a DuckDB connection with every table as a view.

Each view reads the table's shipped Parquet file, with each enum column cast to a DuckDB ``ENUM`` of its
whole vocabulary (as ``load()`` gives pandas a categorical of it), so ``DESCRIBE figures`` shows the
allowed values and a misspelt value in a ``WHERE`` is an error, not an empty result. The connection is
in memory: nothing is written, and the Parquet files are read where they are installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crocus_data.loaders.frames import enum_values
from crocus_data.loaders.tables import parquet_path, tables

if TYPE_CHECKING:
    import duckdb as duckdb_module


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def view_sql(table: str) -> str:
    """The ``CREATE VIEW`` of one table over its Parquet file."""
    import pyarrow.parquet as pq

    path = parquet_path(table)
    vocabularies = enum_values(table)
    columns = []
    for column in pq.read_schema(path).names:
        if column in vocabularies:
            values = ", ".join(_literal(value) for value in vocabularies[column])
            columns.append(f"CAST({_identifier(column)} AS ENUM({values})) AS {_identifier(column)}")
        else:
            columns.append(_identifier(column))
    return f"CREATE VIEW {_identifier(table)} AS SELECT {', '.join(columns)} FROM read_parquet({_literal(str(path))})"


def duckdb() -> duckdb_module.DuckDBPyConnection:
    """A new in-memory DuckDB connection in which every table of the installed package is a view."""
    try:
        import duckdb as duckdb_module
    except ImportError as exc:
        raise ImportError("crocus_data.duckdb() needs DuckDB: pip install 'crocus-data[duckdb]'") from exc
    connection = duckdb_module.connect()
    for table in tables():
        connection.execute(view_sql(table))
    return connection
