"""The diff reports exactly the edits made, and the bump they require, over generated packages.

Each example draws a package, applies random edits that do not overlap (add, retire or change a
row; rename, add or retype a column; add or drop an enum value; add or drop a table), writes
both versions to disk, reads them back through the loaders and checks the diff against a record
of the edits kept while making them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from test_history_support import round_trip, snapshot, table

from crocus_data.history.diff import Diff, SchemaChange, diff
from crocus_data.history.inputs import load
from crocus_data.history.manifest import decode, encode
from crocus_data.history.semver import Bump
from crocus_data.history.snapshot import Column, Snapshot, Table

from scratch import built

TYPES = ("string", "integer", "date", "number", "boolean")
TABLE_NAMES = ("alpha", "beta", "gamma")
NEW_TABLE_NAMES = ("delta", "epsilon")
COLUMN_NAMES = tuple(f"c{n}" for n in range(8))
ENUM_WORDS = ("red", "green", "blue", "amber", "violet", "ochre")
# Text a cell may hold, the awkward parts included: separators, quotes, line breaks, non-ASCII.
CELLS = st.text(st.sampled_from(list("ab Zé,;\"'\n\r\u2019\u0416\u4e2d|`")), max_size=12)


@st.composite
def columns(draw: st.DrawFn) -> list[Column]:
    names = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=1, max_size=4, unique=True))
    made = [Column("id")]
    for name in names:
        enum = draw(st.none() | st.lists(st.sampled_from(ENUM_WORDS[:4]), min_size=1, max_size=4, unique=True))
        made.append(Column(name, draw(st.sampled_from(TYPES)), enum=None if enum is None else tuple(enum)))
    return made


def cell(draw: st.DrawFn, column: Column) -> str:
    return draw(st.sampled_from(["", *column.enum]) if column.enum else CELLS)


@st.composite
def tables(draw: st.DrawFn, name: str) -> Table:
    cols = draw(columns())
    count = draw(st.integers(0, 5))
    rows = [[f"{name}-{n}", *(cell(draw, column) for column in cols[1:])] for n in range(count)]
    return table(name, cols, rows)


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    names = draw(st.lists(st.sampled_from(TABLE_NAMES), min_size=1, max_size=3, unique=True))
    return snapshot("1.0.0", *(draw(tables(name)) for name in names))


@dataclass
class Editing:
    """The NEW version being made, and what the diff must say about it."""

    tables: dict[str, Table]
    schema: set[tuple[str, str, str | None, str | None]] = field(default_factory=set)
    added: set[tuple[str, str]] = field(default_factory=set)
    retired: set[tuple[str, str]] = field(default_factory=set)
    cells: dict[tuple[str, str], dict[str, tuple[str, str]]] = field(default_factory=dict)
    bump: Bump = Bump.NONE
    # What later edits must leave alone so that every edit stays visible as itself.
    frozen_tables: set[str] = field(default_factory=set)
    touched_columns: set[tuple[str, str]] = field(default_factory=set)
    new_columns: set[tuple[str, str]] = field(default_factory=set)
    counter: int = 0

    def expect(
        self, bump: Bump, kind: str, table_name: str, column: str | None = None, value: str | None = None
    ) -> None:
        self.schema.add((kind, table_name, column, value))
        self.bump = max(self.bump, bump)

    def editable(self) -> list[str]:
        return [name for name in self.tables if name not in self.frozen_tables]


def _rows(t: Table) -> list[list[str]]:
    return [list(row) for row in t.rows.values()]


def _with(t: Table, columns: list[Column], rows: list[list[str]]) -> Table:
    return table(t.name, columns, rows, t.primary_key)


def add_row(e: Editing, data: st.DataObject, name: str) -> None:
    t = e.tables[name]
    e.counter += 1
    key = f"{name}-new-{e.counter}"
    row = [key, *(data.draw(st.sampled_from(["", *c.enum]) if c.enum else CELLS) for c in t.columns[1:])]
    e.tables[name] = _with(t, list(t.columns), [*_rows(t), row])
    e.added.add((name, key))
    e.bump = max(e.bump, Bump.MINOR)


def original_rows(e: Editing, name: str) -> list[str]:
    return sorted(
        key
        for key in e.tables[name].rows
        if (name, key) not in e.added and (name, key) not in e.retired and (name, key) not in e.cells
    )


def retire_row(e: Editing, data: st.DataObject, name: str) -> None:
    keys = original_rows(e, name)
    if not keys:
        return
    key = data.draw(st.sampled_from(keys))
    t = e.tables[name]
    e.tables[name] = _with(t, list(t.columns), [row for row in _rows(t) if row[0] != key])
    e.retired.add((name, key))
    e.bump = max(e.bump, Bump.MINOR)


def change_cell(e: Editing, data: st.DataObject, name: str) -> None:
    t = e.tables[name]
    keys = original_rows(e, name)
    targets = [c for c in t.column_names[1:] if (name, c) not in e.new_columns and (name, c) not in e.touched_columns]
    if not keys or not targets:
        return
    key, column = data.draw(st.sampled_from(keys)), data.draw(st.sampled_from(targets))
    at = t.column_names.index(column)
    old = t.rows[key][at]
    new = data.draw(CELLS.filter(lambda value: value != old))
    rows = [[*row[:at], new, *row[at + 1 :]] if row[0] == key else row for row in _rows(t)]
    e.tables[name] = _with(t, list(t.columns), rows)
    e.cells[(name, key)] = {column: (old, new)}
    e.bump = max(e.bump, Bump.PATCH)


def untouched_columns(e: Editing, name: str) -> list[str]:
    """Columns of the original table no edit has touched, in cells or in schema."""
    changed = {column for (t, _), cells in e.cells.items() if t == name for column in cells}
    changed |= {column for _, t, column, _ in e.schema if t == name and column is not None}
    return [
        c
        for c in e.tables[name].column_names[1:]
        if (name, c) not in e.new_columns and (name, c) not in e.touched_columns and c not in changed
    ]


def rename_column(e: Editing, data: st.DataObject, name: str) -> None:
    candidates = untouched_columns(e, name)
    t = e.tables[name]
    fresh = [c for c in COLUMN_NAMES if c not in t.column_names and (name, c) not in e.touched_columns]
    if not candidates or not fresh:
        return
    old, new = data.draw(st.sampled_from(candidates)), data.draw(st.sampled_from(fresh))
    e.tables[name] = _with(t, [replace(c, name=new) if c.name == old else c for c in t.columns], _rows(t))
    e.touched_columns |= {(name, old), (name, new)}
    e.new_columns.add((name, new))
    e.expect(Bump.MAJOR, "column_removed", name, old)
    e.expect(Bump.MINOR, "column_added", name, new)


def add_column(e: Editing, data: st.DataObject, name: str) -> None:
    t = e.tables[name]
    fresh = [c for c in COLUMN_NAMES if c not in t.column_names and (name, c) not in e.touched_columns]
    if not fresh:
        return
    new = data.draw(st.sampled_from(fresh))
    at = data.draw(st.integers(1, len(t.columns)))
    column = Column(new, data.draw(st.sampled_from(TYPES)))
    rows = [[*row[:at], data.draw(CELLS), *row[at:]] for row in _rows(t)]
    e.tables[name] = _with(t, [*t.columns[:at], column, *t.columns[at:]], rows)
    e.touched_columns.add((name, new))
    e.new_columns.add((name, new))
    e.expect(Bump.MINOR, "column_added", name, new)


def retype_column(e: Editing, data: st.DataObject, name: str) -> None:
    candidates = untouched_columns(e, name)
    if not candidates:
        return
    target = data.draw(st.sampled_from(candidates))
    t = e.tables[name]
    before = t.columns[t.column_names.index(target)]
    new_type = data.draw(st.sampled_from([kind for kind in TYPES if kind != before.type]))
    e.tables[name] = _with(t, [replace(c, type=new_type) if c.name == target else c for c in t.columns], _rows(t))
    e.touched_columns.add((name, target))
    e.expect(Bump.MAJOR, "column_retyped", name, target)


def enum_columns(e: Editing, name: str) -> list[Column]:
    return [
        c
        for c in e.tables[name].columns
        if c.enum is not None and (name, c.name) not in e.new_columns and (name, c.name) not in e.touched_columns
    ]


def drop_enum_value(e: Editing, data: st.DataObject, name: str) -> None:
    dropped = {value for kind, t, _, value in e.schema if t == name and kind.startswith("enum_value")}
    candidates = [c for c in enum_columns(e, name) if c.enum and len(c.enum) >= 2]
    if not candidates:
        return
    column = data.draw(st.sampled_from(candidates))
    assert column.enum is not None
    values = [v for v in column.enum if v not in dropped]
    if not values:
        return
    value = data.draw(st.sampled_from(values))
    changed = replace(column, enum=tuple(v for v in column.enum if v != value))
    t = e.tables[name]
    e.tables[name] = _with(t, [changed if c.name == column.name else c for c in t.columns], _rows(t))
    e.expect(Bump.MAJOR, "enum_value_removed", name, column.name, value)


def add_enum_value(e: Editing, data: st.DataObject, name: str) -> None:
    candidates = enum_columns(e, name)
    if not candidates:
        return
    column = data.draw(st.sampled_from(candidates))
    assert column.enum is not None
    seen = {value for _, t, c, value in e.schema if t == name and c == column.name}
    fresh = [word for word in ENUM_WORDS if word not in column.enum and word not in seen]
    if not fresh:
        return
    value = data.draw(st.sampled_from(fresh))
    changed = replace(column, enum=(*column.enum, value))
    t = e.tables[name]
    e.tables[name] = _with(t, [changed if c.name == column.name else c for c in t.columns], _rows(t))
    e.expect(Bump.MINOR, "enum_value_added", name, column.name, value)


def add_table(e: Editing, data: st.DataObject) -> None:
    fresh = [name for name in NEW_TABLE_NAMES if name not in e.tables]
    if not fresh:
        return
    name = data.draw(st.sampled_from(fresh))
    e.tables[name] = data.draw(tables(name))
    e.frozen_tables.add(name)
    e.added |= {(name, key) for key in e.tables[name].rows}
    e.expect(Bump.MINOR, "table_added", name)


def drop_table(e: Editing, data: st.DataObject) -> None:
    untouched = [
        name
        for name in e.editable()
        if not any(t == name for _, t, _, _ in e.schema)
        and not any(t == name for t, _ in e.added | e.retired | set(e.cells))
    ]
    if not untouched:
        return
    name = data.draw(st.sampled_from(untouched))
    e.retired |= {(name, key) for key in e.tables.pop(name).rows}
    e.expect(Bump.MAJOR, "table_removed", name)


ROW_EDITS = {
    "add_row": add_row,
    "retire_row": retire_row,
    "change_cell": change_cell,
    "rename_column": rename_column,
    "add_column": add_column,
    "retype_column": retype_column,
    "drop_enum_value": drop_enum_value,
    "add_enum_value": add_enum_value,
}
EDITS = [*ROW_EDITS, "add_table", "drop_table"]


def apply_edits(base: Snapshot, data: st.DataObject) -> Editing:
    e = Editing(dict(base.tables))
    for kind in data.draw(st.lists(st.sampled_from(EDITS), max_size=6), label="edits"):
        event(kind)
        if kind == "add_table":
            add_table(e, data)
        elif kind == "drop_table":
            drop_table(e, data)
        elif e.editable():
            ROW_EDITS[kind](e, data, data.draw(st.sampled_from(e.editable())))
    return e


def reported_schema(result: Diff) -> set[tuple[str, str, str | None, str | None]]:
    def value(change: SchemaChange) -> str | None:
        return (
            change.new
            if change.kind == "enum_value_added"
            else change.old
            if change.kind == "enum_value_removed"
            else None
        )

    return {(change.kind, change.table, change.column, value(change)) for change in result.schema}


def reported_cells(result: Diff) -> dict[tuple[str, str], dict[str, tuple[str, str]]]:
    return {
        (t.table, row.id): {c.column: (c.old, c.new) for c in row.cells} for t in result.tables for row in t.changed
    }


def on_disk(old: Snapshot, new: Snapshot) -> tuple[Snapshot, Snapshot]:
    with tempfile.TemporaryDirectory() as directory:
        return round_trip(old, Path(directory) / "old"), round_trip(new, Path(directory) / "new")


# More examples than the profile's default: each is cheap, and edits combine in many ways.
@settings(max_examples=max(150, settings().max_examples))
@given(snapshots(), st.data())
def test_diff_reports_exactly_the_edits_and_the_bump_they_require(base: Snapshot, data: st.DataObject) -> None:
    edited = apply_edits(base, data)
    old, new = on_disk(base, replace(base, tables=edited.tables))
    result = diff(old, new)

    assert reported_schema(result) == edited.schema
    assert {(t.table, key) for t in result.tables for key in t.added} == edited.added
    assert {(t.table, key) for t in result.tables for key in t.retired} == edited.retired
    assert reported_cells(result) == edited.cells
    assert result.required_bump == edited.bump
    assert result.empty == (edited.bump == Bump.NONE)


@given(snapshots(), st.data())
def test_the_diff_backwards_is_the_diff_forwards_mirrored(base: Snapshot, data: st.DataObject) -> None:
    new = replace(base, tables=apply_edits(base, data).tables)
    forwards, backwards = diff(base, new), diff(new, base)
    mirror = {
        "table_added": "table_removed",
        "column_added": "column_removed",
        "enum_value_added": "enum_value_removed",
    }
    mirror |= {v: k for k, v in mirror.items()} | {"column_retyped": "column_retyped"}
    assert {(mirror[c.kind], c.table, c.column, c.new, c.old) for c in forwards.schema} == {
        (c.kind, c.table, c.column, c.old, c.new) for c in backwards.schema
    }
    assert {(t.table, k) for t in forwards.tables for k in t.added} == {
        (t.table, k) for t in backwards.tables for k in t.retired
    }
    assert {key: {c: (n, o) for c, (o, n) in cells.items()} for key, cells in reported_cells(forwards).items()} == (
        reported_cells(backwards)
    )


@given(snapshots())
def test_a_package_compared_with_itself_has_no_changes(base: Snapshot) -> None:
    result = diff(base, base)
    assert result.empty and result.required_bump == Bump.NONE and not result.reasons()


@given(snapshots())
def test_a_manifest_holds_the_snapshot_and_reads_back_to_the_same_bytes(base: Snapshot) -> None:
    written = encode(base)
    assert decode(written) == base
    assert encode(decode(written)) == written  # canonical: what is read back is written the same


MANIFEST_IN_A_FRESH_PROCESS = (
    "import hashlib, sys; from crocus_data.history.inputs import load; from crocus_data.history.manifest import encode;"
    " print(hashlib.sha256(encode(load(sys.argv[1]).snapshot)).hexdigest())"
)


@pytest.mark.parametrize("seed", ["0", "777"])
def test_a_manifest_is_written_the_same_in_another_process(seed: str) -> None:
    """Another interpreter, with another hash seed (other set and dict orders), writes the same manifest bytes."""
    checkout = str(built())
    result = subprocess.run(
        [sys.executable, "-c", MANIFEST_IN_A_FRESH_PROCESS, checkout],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == hashlib.sha256(encode(load(checkout).snapshot)).hexdigest()


# --- the cases the generated edits leave out -----------------------------------------------------

COLUMNS = [Column("id"), Column("kind", enum=("a", "b"), constraints=(("required", "true"),)), Column("note")]
BASE = snapshot("1.0.0", table("things", COLUMNS, [["t-1", "a", "x"], ["t-2", "b", "y"]]))


def edited_columns(columns: list[Column]) -> Snapshot:
    """BASE with other column specs (same names, perhaps reordered), its cells moved to match."""
    order = [BASE.tables["things"].column_names.index(column.name) for column in columns]
    rows = [[row[i] for i in order] for row in BASE.tables["things"].rows.values()]
    return snapshot("1.0.0", table("things", columns, rows))


def test_reordered_columns_are_reported_and_need_a_patch() -> None:
    result = diff(BASE, edited_columns([COLUMNS[0], COLUMNS[2], COLUMNS[1]]))
    assert [change.kind for change in result.schema] == ["columns_reordered"]
    assert result.required_bump == Bump.PATCH and not result.tables


def test_a_column_that_may_now_be_empty_or_take_any_value_is_a_breaking_change() -> None:
    optional = replace(COLUMNS[1], constraints=())
    assert diff(BASE, edited_columns([COLUMNS[0], optional, COLUMNS[2]])).required_bump == Bump.MAJOR
    unconstrained = replace(COLUMNS[1], enum=None)
    result = diff(BASE, edited_columns([COLUMNS[0], unconstrained, COLUMNS[2]]))
    assert [(c.kind, c.constraint) for c in result.schema] == [("constraint_changed", "enum")]
    assert result.required_bump == Bump.MAJOR


def test_a_tightened_constraint_needs_only_a_patch() -> None:
    pattern = replace(COLUMNS[2], constraints=(("pattern", '"[a-z]+"'),))
    result = diff(BASE, edited_columns([COLUMNS[0], COLUMNS[1], pattern]))
    assert [(c.kind, c.constraint, c.old, c.new) for c in result.schema] == [
        ("constraint_changed", "pattern", None, '"[a-z]+"')
    ]
    assert result.required_bump == Bump.PATCH


def test_a_changed_primary_key_is_a_breaking_change() -> None:
    rekeyed = snapshot("1.0.0", table("things", COLUMNS, [["t-1", "a", "x"], ["t-2", "b", "y"]], ("id", "kind")))
    result = diff(BASE, rekeyed)
    assert "primary_key_changed" in {change.kind for change in result.schema}
    assert result.required_bump == Bump.MAJOR


def test_source_texts_are_compared_by_hash(tmp_path: Path) -> None:
    old = round_trip(BASE, tmp_path / "old", {"src-a": b"one", "src-b": b"two"})
    new = round_trip(BASE, tmp_path / "new", {"src-a": b"one!", "src-c": b"three"})
    result = diff(old, new)
    assert [(s.name, s.kind) for s in result.sources] == [
        ("src-a", "changed"),
        ("src-c", "added"),
        ("src-b", "removed"),
    ]
    assert result.required_bump == Bump.MINOR
    only_fixed = diff(old, round_trip(BASE, tmp_path / "fixed", {"src-a": b"one!", "src-b": b"two"}))
    assert only_fixed.required_bump == Bump.PATCH
