"""Checked records -> one SQLite database, the file Datasette (``crocus-data serve``) and any SQLite tool open.

Every table, with its derived columns (``source_ids``, a JSON array), each column typed and constrained
as the models say (vocabularies as ``CHECK`` lists, booleans 0 or 1, dates ``YYYY-MM-DD``), primary and
foreign keys declared; the source texts in ``source_texts``; full-text search (FTS5, detected by
Datasette) over the evidence quotes, the statements' summaries and the source texts. Built in memory
and returned as bytes, like every published file; nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import Any

from crocus_data.derived import source_ids
from crocus_data.models import MODELS, Evidence, Record, Source
from crocus_data.models.columns import Column, column_values, published_columns
from crocus_data.reader.package import Package
from crocus_data.reader.table_data import to_records

SOURCE_TEXTS = "source_texts"
# Full-text search: (table, the columns searched). Datasette finds each index by its ``content=`` table.
SEARCHED = ((Evidence.table, ("quote",)), ("statements", ("summary",)), (SOURCE_TEXTS, ("text",)))
SQL_TYPES = {"string": "TEXT", "enum": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}
SQL_TYPES["string_list"] = "TEXT"  # a JSON array, which Datasette facets (``_facet_array``)


def quoted(name: str) -> str:
    """An identifier, quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A string literal for SQL."""
    return "'" + text.replace("'", "''") + "'"


def _check(column: Column) -> str:
    name = quoted(column.name)
    if column.enum:
        return f" CHECK ({name} IN ({', '.join(literal(value) for value in column.enum_values)}))"
    if column.kind == "boolean":
        return f" CHECK ({name} IN (0, 1))"
    if column.kind == "date":
        return f" CHECK ({name} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
    if column.kind == "string_list":
        return f" CHECK (json_valid({name}) AND json_type({name}) = 'array')"
    return ""


def create_table(model: type[Record]) -> str:
    """The ``CREATE TABLE`` of a model: its published columns, primary key and foreign keys."""
    lines = [
        f"{quoted(c.name)} {SQL_TYPES[c.kind]}{' NOT NULL' if c.required else ''}{_check(c)}"
        for c in published_columns(model)
    ]
    lines.append(f"PRIMARY KEY ({quoted(model.primary_key)})")
    for column in published_columns(model):
        if column.references:
            target = next(m for m in MODELS if m.table == column.references)
            lines.append(
                f"FOREIGN KEY ({quoted(column.name)}) REFERENCES {quoted(target.table)} ({quoted(target.primary_key)})"
            )
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quoted(model.table)} (\n  {body}\n)"


def sql_value(value: Any) -> Any:
    """A cell as SQLite stores it: enums by value, dates ISO, booleans 0/1, lists as JSON, absent as NULL."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _insert(connection: sqlite3.Connection, table: str, names: Sequence[str], rows: list[list[Any]]) -> None:
    placeholders = ", ".join("?" for _ in names)
    columns = ", ".join(quoted(name) for name in names)
    connection.executemany(f"INSERT INTO {quoted(table)} ({columns}) VALUES ({placeholders})", rows)


def _search_index(connection: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
    """An FTS5 index of ``columns`` over ``table``'s rows (external content: the text is stored once)."""
    index = quoted(f"{table}_fts")
    names = ", ".join(quoted(column) for column in columns)
    connection.execute(f'CREATE VIRTUAL TABLE {index} USING fts5({names}, content="{table}", content_rowid="rowid")')
    connection.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")


def sqlite_bytes(package: Package) -> bytes:
    """The database, as the bytes of a SQLite file."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        evidence = [r for r in to_records(package.tables[Evidence.table]) if isinstance(r, Evidence)]
        spans = [(span.evidence_id, span.record_id, span.source_id) for span in evidence]
        for model in MODELS:
            records = to_records(package.tables[model.table])
            derived = source_ids(model.table, [record.key for record in records], spans)
            rows = [
                [sql_value(v) for v in [*column_values(record), ids]]
                for record, ids in zip(records, derived, strict=True)
            ]
            connection.execute(create_table(model))
            _insert(connection, model.table, [column.name for column in published_columns(model)], rows)
        connection.execute(
            f"CREATE TABLE {SOURCE_TEXTS} (source_id TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (source_id), "
            f"FOREIGN KEY (source_id) REFERENCES {Source.table} (source_id))"
        )
        texts = [[source_id, raw.decode("utf-8")] for source_id, raw in sorted(package.texts.items())]
        _insert(connection, SOURCE_TEXTS, ["source_id", "text"], texts)
        for table, columns in SEARCHED:
            _search_index(connection, table, columns)
        connection.commit()
        connection.execute("VACUUM")
        return bytes(connection.serialize())
    finally:
        connection.close()
