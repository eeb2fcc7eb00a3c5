"""A snapshot: one version of the data as a user sees it, read only from the published form.

Everything the history tools compare is taken from a ``datapackage.json`` and the files it lists:
its CSV resources (schema and rows, cells kept as the CSV strings) and its ``src-*`` text
resources (hashed). Nothing here imports the models or the build, so that the package can be
restructured without changing how two versions of it are compared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from crocus_data.limits import DEFAULT_MAX_BYTES, MAX_DESCRIPTOR_BYTES, MAX_SOURCE_BYTES
from crocus_data.safe_io.json_text import parse_json

# Reads one file of a package by its path relative to the package root ("a/b.csv"), refusing one over
# the byte limit given (SnapshotError); raises FileNotFoundError when there is no such file.
Reader = Callable[[str, int], bytes]

SOURCE_PREFIX = "src-"


class SnapshotError(Exception):
    """An input cannot be read as a data package; the message is one line for the user (exit 2)."""


@dataclass(frozen=True)
class Column:
    """One column as a schema promises it: what the diff compares, and nothing cosmetic (no titles)."""

    name: str
    type: str = "string"
    format: str | None = None
    enum: tuple[str, ...] | None = None
    # Every other constraint, as (name, JSON of the value), sorted by name.
    constraints: tuple[tuple[str, str], ...] = ()

    @property
    def type_label(self) -> str:
        return self.type if self.format is None else f"{self.type} ({self.format})"

    def constraint(self, name: str) -> str | None:
        return dict(self.constraints).get(name)


@dataclass(frozen=True)
class Table:
    """A table's schema and rows; rows are keyed by their primary key and hold the CSV strings."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)

    def records(self) -> Iterator[dict[str, str]]:
        names = self.column_names
        for cells in self.rows.values():
            yield dict(zip(names, cells, strict=True))


@dataclass(frozen=True)
class SourceFile:
    """A shipped source text, known by its hash: a changed byte is a changed source."""

    sha256: str
    bytes: int


@dataclass(frozen=True)
class Snapshot:
    """One version of the data package: its version, tables in descriptor order, and source texts."""

    version: str
    tables: Mapping[str, Table]
    sources: Mapping[str, SourceFile] = field(default_factory=dict)
    name: str = ""


def row_key(primary_key: tuple[str, ...], names: tuple[str, ...], cells: tuple[str, ...]) -> str:
    """The id a row is known by: its primary key's value (several joined as a JSON list).

    A table without a primary key is keyed by the whole row, so any edit to it shows as one row
    retired and one added.
    """
    if len(primary_key) == 1:
        return cells[names.index(primary_key[0])]
    if primary_key:
        return json.dumps([cells[names.index(part)] for part in primary_key], ensure_ascii=False)
    return json.dumps(list(cells), ensure_ascii=False)


def build_table(name: str, columns: tuple[Column, ...], primary_key: tuple[str, ...], rows: list[list[str]]) -> Table:
    """A table from rows of cells in column order, refusing what cannot be keyed unambiguously."""
    names = tuple(column.name for column in columns)
    if len(set(names)) != len(names):
        raise SnapshotError(f"table {name!r} names a column twice")
    missing = [part for part in primary_key if part not in names]
    if missing:
        raise SnapshotError(f"table {name!r}: primary key column(s) {', '.join(missing)} not in its schema")
    keyed: dict[str, tuple[str, ...]] = {}
    for number, cells in enumerate(rows, start=2):
        if len(cells) != len(names):
            raise SnapshotError(f"table {name!r}, row {number}: {len(cells)} cells for {len(names)} columns")
        row = tuple(cells)
        key = row_key(primary_key, names, row)
        if key in keyed:
            if primary_key:
                raise SnapshotError(f"table {name!r}: the id {key!r} occurs twice, so rows cannot be compared by id")
            suffix = 2
            while f"{key}#{suffix}" in keyed:
                suffix += 1
            key = f"{key}#{suffix}"
        keyed[key] = row
    return Table(name, columns, primary_key, keyed)


def _canonical(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)


def parse_field(table: str, spec: Any) -> Column:
    """A column from a Table Schema field (title, description and other prose are not compared)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        raise SnapshotError(f"table {table!r}: a field without a name")
    constraints = spec.get("constraints") or {}
    if not isinstance(constraints, dict):
        raise SnapshotError(f"table {table!r}, field {spec['name']!r}: constraints is not an object")
    enum = constraints.get("enum")
    if enum is not None and not isinstance(enum, list):
        raise SnapshotError(f"table {table!r}, field {spec['name']!r}: enum is not a list")
    field_format = spec.get("format")
    return Column(
        name=spec["name"],
        type=str(spec.get("type", "string")),
        format=None if field_format in (None, "default") else str(field_format),
        enum=None if enum is None else tuple(_canonical(value) for value in enum),
        constraints=tuple(
            sorted(
                (str(key), json.dumps(value, sort_keys=True, ensure_ascii=False))
                for key, value in constraints.items()
                if key != "enum"
            )
        ),
    )


def parse_schema(table: str, schema: Any) -> tuple[tuple[Column, ...], tuple[str, ...]]:
    """Columns and primary key of a Table Schema."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise SnapshotError(f"table {table!r} has no schema with fields")
    columns = tuple(parse_field(table, spec) for spec in schema["fields"])
    primary_key = schema.get("primaryKey") or []
    if isinstance(primary_key, str):
        primary_key = [primary_key]
    if not isinstance(primary_key, list) or not all(isinstance(part, str) for part in primary_key):
        raise SnapshotError(f"table {table!r}: primaryKey is neither a name nor a list of names")
    return columns, tuple(primary_key)


def parse_csv(table: str, path: str, raw: bytes, columns: tuple[Column, ...]) -> list[list[str]]:
    """The rows of a CSV file whose header must be the schema's columns, in order."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"{path} is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        rows = [row for row in reader if row]
    except csv.Error as exc:
        raise SnapshotError(f"{path}: unreadable CSV ({exc})") from exc
    names = [column.name for column in columns]
    if header != names:
        raise SnapshotError(
            f"{path}: the header ({', '.join(header) or 'empty'}) is not the columns of table {table!r} "
            f"in the descriptor ({', '.join(names)}); is the descriptor out of date?"
        )
    return rows


def _resource_path(resource: dict[str, Any]) -> str:
    path = resource.get("path")
    if not isinstance(path, str) or not path:
        raise SnapshotError(f"resource {resource.get('name')!r} has no single path")
    parts = path.split("/")
    if path.startswith("/") or ".." in parts or "\\" in path or ":" in parts[0]:
        raise SnapshotError(f"resource {resource.get('name')!r}: path {path!r} leaves the package")
    return path


def from_descriptor(read: Reader, descriptor: str = "datapackage.json") -> Snapshot:
    """Read a snapshot through READ, starting at the descriptor's path (relative to the package)."""
    try:
        document = parse_json(read(descriptor, MAX_DESCRIPTOR_BYTES))
    except FileNotFoundError as exc:
        raise SnapshotError(f"no {descriptor}") from exc
    except ValueError as exc:  # a JsonError: bounded depth and numbers, UTF-8, no lone surrogate
        raise SnapshotError(f"{descriptor} is not JSON ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("resources"), list):
        raise SnapshotError(f"{descriptor} is not a data package descriptor (no resources)")
    base = posixpath.dirname(descriptor)
    tables: dict[str, Table] = {}
    sources: dict[str, SourceFile] = {}
    for resource in document["resources"]:
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            raise SnapshotError(f"{descriptor}: a resource without a name")
        name = resource["name"]
        is_table = resource.get("format") == "csv"
        is_source = name.startswith(SOURCE_PREFIX) and not is_table
        if not (is_table or is_source):
            continue
        path = posixpath.join(base, _resource_path(resource))
        try:
            raw = read(path, MAX_SOURCE_BYTES if is_source else DEFAULT_MAX_BYTES)
        except FileNotFoundError as exc:
            raise SnapshotError(f"{descriptor} lists {path}, which is missing") from exc
        if is_source:
            sources[name] = SourceFile(hashlib.sha256(raw).hexdigest(), len(raw))
            continue
        if name in tables:
            raise SnapshotError(f"{descriptor} lists table {name!r} twice")
        columns, primary_key = parse_schema(name, resource.get("schema"))
        tables[name] = build_table(name, columns, primary_key, parse_csv(name, path, raw, columns))
    version = document.get("version")
    if not isinstance(version, str):
        raise SnapshotError(f"{descriptor} has no version")
    return Snapshot(version=version, tables=tables, sources=sources, name=str(document.get("name", "")))
