"""What changed between two snapshots, keyed on ids, and the version bump that change requires.

Rows are matched by primary key and compared cell by cell over the columns both versions have;
a renamed column is therefore one column removed and one added, never a cell change in every row.
Each kind of change carries the bump CHANGELOG.md's data-semver rules give it (see BUMPS and
docs/history.md for the cases the changelog does not name).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from crocus_data.history.semver import Bump
from crocus_data.history.snapshot import Column, Snapshot, Table

# Kinds of schema change and what each requires. "constraint_changed" is decided per change.
BUMPS: dict[str, Bump] = {
    "table_added": Bump.MINOR,
    "table_removed": Bump.MAJOR,
    "column_added": Bump.MINOR,
    "column_removed": Bump.MAJOR,
    "column_retyped": Bump.MAJOR,
    "enum_value_added": Bump.MINOR,
    "enum_value_removed": Bump.MAJOR,
    "primary_key_changed": Bump.MAJOR,
    "columns_reordered": Bump.PATCH,
    "constraint_changed": Bump.PATCH,
}
ROWS_ADDED, ROWS_RETIRED, CELLS_CHANGED = Bump.MINOR, Bump.MINOR, Bump.PATCH
SOURCE_BUMPS = {"added": Bump.MINOR, "removed": Bump.MINOR, "changed": Bump.PATCH}


@dataclass(frozen=True)
class SchemaChange:
    """One change to the shape of the data. OLD/NEW hold the type, value or constraint involved."""

    kind: str
    table: str
    column: str | None = None
    old: str | None = None
    new: str | None = None
    constraint: str | None = None

    @property
    def bump(self) -> Bump:
        if self.kind == "constraint_changed" and self.loosens_a_promise:
            return Bump.MAJOR
        return BUMPS[self.kind]

    @property
    def loosens_a_promise(self) -> bool:
        """A column that was always filled may now be empty, or any value may now appear in it."""
        if self.constraint == "required":
            return self.old == "true" and self.new != "true"
        return self.constraint == "enum" and self.old is not None and self.new is None

    def describe(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        match self.kind:
            case "table_added":
                return f"table {self.table} added"
            case "table_removed":
                return f"table {self.table} removed"
            case "column_added":
                return f"column {where} added ({self.new})"
            case "column_removed":
                return f"column {where} removed (was {self.old})"
            case "column_retyped":
                return f"column {where} retyped: {self.old} → {self.new}"
            case "enum_value_added":
                return f"enum value {self.new!r} added to {where}"
            case "enum_value_removed":
                return f"enum value {self.old!r} removed from {where}"
            case "primary_key_changed":
                return f"primary key of {self.table} changed: {self.old} → {self.new}"
            case "columns_reordered":
                return f"columns of {self.table} reordered: {self.old} → {self.new}"
            case _:
                return (
                    f"constraint {self.constraint} of {where} changed: {self.old or '(none)'} → {self.new or '(none)'}"
                )


@dataclass(frozen=True)
class CellChange:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    id: str
    cells: tuple[CellChange, ...]


@dataclass(frozen=True)
class TableDiff:
    """The rows of one table that were added, retired (gone) or changed, by id, sorted."""

    table: str
    primary_key: tuple[str, ...]
    added: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    changed: tuple[RowChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.retired or self.changed)


@dataclass(frozen=True)
class SourceChange:
    name: str
    kind: str  # added, removed or changed
    old_sha256: str | None
    new_sha256: str | None


@dataclass(frozen=True)
class Diff:
    """Everything that differs between OLD and NEW; empty when the data is the same."""

    old_version: str
    new_version: str
    schema: tuple[SchemaChange, ...]
    tables: tuple[TableDiff, ...]
    sources: tuple[SourceChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.schema or self.tables or self.sources)

    def reasons(self) -> list[tuple[Bump, str]]:
        """Why the bump is what it is: one line per change class, the weightiest first."""
        found: list[tuple[Bump, str]] = [(change.bump, change.describe()) for change in self.schema]
        for table in self.tables:
            if table.added:
                found.append((ROWS_ADDED, f"{len(table.added)} record(s) added to {table.table}"))
            if table.retired:
                found.append((ROWS_RETIRED, f"{len(table.retired)} record(s) retired from {table.table}"))
            if table.changed:
                cells = sum(len(row.cells) for row in table.changed)
                found.append((CELLS_CHANGED, f"{cells} value(s) changed in {len(table.changed)} {table.table} row(s)"))
        found += [(SOURCE_BUMPS[source.kind], f"source text {source.name} {source.kind}") for source in self.sources]
        return sorted(found, key=lambda item: -item[0])

    @property
    def required_bump(self) -> Bump:
        return max((bump for bump, _ in self.reasons()), default=Bump.NONE)


def _constraint_changes(table: str, old: Column, new: Column) -> list[SchemaChange]:
    changes: list[SchemaChange] = []
    if (old.enum is None) != (new.enum is None):
        listed = [None if enum is None else json.dumps(list(enum), ensure_ascii=False) for enum in (old.enum, new.enum)]
        changes.append(SchemaChange("constraint_changed", table, old.name, listed[0], listed[1], "enum"))
    elif old.enum is not None and new.enum is not None:
        changes += [
            SchemaChange("enum_value_removed", table, old.name, old=value)
            for value in old.enum
            if value not in new.enum
        ]
        changes += [
            SchemaChange("enum_value_added", table, old.name, new=value) for value in new.enum if value not in old.enum
        ]
    before, after = dict(old.constraints), dict(new.constraints)
    for name in sorted(before.keys() | after.keys()):
        if before.get(name) != after.get(name):
            changes.append(SchemaChange("constraint_changed", table, old.name, before.get(name), after.get(name), name))
    return changes


def schema_changes(old: Table, new: Table) -> list[SchemaChange]:
    """How the shape of one table changed (both versions have it)."""
    name = new.name
    old_names, new_names = old.column_names, new.column_names
    changes = [
        SchemaChange("column_removed", name, column.name, old=column.type_label)
        for column in old.columns
        if column.name not in new_names
    ]
    changes += [
        SchemaChange("column_added", name, column.name, new=column.type_label)
        for column in new.columns
        if column.name not in old_names
    ]
    for column in new.columns:
        before = old.column(column.name)
        if before is None:
            continue
        if before.type_label != column.type_label:
            changes.append(SchemaChange("column_retyped", name, column.name, before.type_label, column.type_label))
        changes += _constraint_changes(name, before, column)
    if old.primary_key != new.primary_key:
        changes.append(
            SchemaChange("primary_key_changed", name, None, ", ".join(old.primary_key), ", ".join(new.primary_key))
        )
    kept_old = [column for column in old_names if column in new_names]
    kept_new = [column for column in new_names if column in old_names]
    if kept_old != kept_new:
        changes.append(SchemaChange("columns_reordered", name, None, ", ".join(kept_old), ", ".join(kept_new)))
    return changes


def row_changes(old: Table, new: Table) -> TableDiff:
    """Rows added, retired and changed, compared over the columns both versions have."""
    shared = [column for column in new.column_names if column in old.column_names]
    old_at = [old.column_names.index(column) for column in shared]
    new_at = [new.column_names.index(column) for column in shared]
    changed: list[RowChange] = []
    for key in sorted(old.rows.keys() & new.rows.keys()):
        before, after = old.rows[key], new.rows[key]
        cells = tuple(
            CellChange(column, before[i], after[j])
            for column, i, j in zip(shared, old_at, new_at, strict=True)
            if before[i] != after[j]
        )
        if cells:
            changed.append(RowChange(key, cells))
    return TableDiff(
        table=new.name,
        primary_key=new.primary_key,
        added=tuple(sorted(new.rows.keys() - old.rows.keys())),
        retired=tuple(sorted(old.rows.keys() - new.rows.keys())),
        changed=tuple(changed),
    )


def diff(old: Snapshot, new: Snapshot) -> Diff:
    """Compare two snapshots: tables in NEW's order, then the tables NEW no longer has."""
    schema: list[SchemaChange] = []
    tables: list[TableDiff] = []
    for name in [*new.tables, *(name for name in old.tables if name not in new.tables)]:
        before, after = old.tables.get(name), new.tables.get(name)
        if before is None:
            assert after is not None
            schema.append(SchemaChange("table_added", name))
            table = TableDiff(name, after.primary_key, added=tuple(sorted(after.rows)))
        elif after is None:
            schema.append(SchemaChange("table_removed", name))
            table = TableDiff(name, before.primary_key, retired=tuple(sorted(before.rows)))
        else:
            schema += schema_changes(before, after)
            table = row_changes(before, after)
        if not table.empty:
            tables.append(table)
    sources: list[SourceChange] = []
    for name in [*new.sources, *(name for name in old.sources if name not in new.sources)]:
        was, now = old.sources.get(name), new.sources.get(name)
        if was is None and now is not None:
            sources.append(SourceChange(name, "added", None, now.sha256))
        elif now is None and was is not None:
            sources.append(SourceChange(name, "removed", was.sha256, None))
        elif was is not None and now is not None and was != now:
            sources.append(SourceChange(name, "changed", was.sha256, now.sha256))
    return Diff(old.version, new.version, tuple(schema), tuple(tables), tuple(sources))
