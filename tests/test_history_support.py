"""Helpers for the history tests: write a snapshot as an on-disk data package, copy the checkout.

The history tools read only the published form, so the tests write packages the way a release
lays them out (a datapackage.json, CSV tables, source texts) and read them back through the same
loaders a user's OLD and NEW go through.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crocus_data.history.inputs import load
from crocus_data.history.manifest import field_spec
from crocus_data.history.snapshot import Column, Snapshot, Table, build_table

from scratch import REPO, built


def csv_bytes(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    """CSV as the project writes it: a row with a bare "\r" fully quoted, since csv would not quote it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return buffer.getvalue().encode("utf-8")


def write_package(
    snapshot: Snapshot,
    root: Path,
    texts: Mapping[str, bytes] | None = None,
    changelog: str | None = None,
) -> Path:
    """Lay SNAPSHOT out as a data package in ROOT (tables under records/, texts under sources/)."""
    resources: list[dict[str, Any]] = []
    (root / "records").mkdir(parents=True, exist_ok=True)
    for table in snapshot.tables.values():
        path = f"records/{table.name}.csv"
        (root / path).write_bytes(csv_bytes(table.column_names, list(table.rows.values())))
        schema: dict[str, Any] = {"fields": [field_spec(column) for column in table.columns]}
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        resources.append({"name": table.name, "path": path, "format": "csv", "schema": schema})
        resources.append(
            {"name": f"{table.name}-parquet", "path": f"parquet/{table.name}.parquet", "format": "parquet"}
        )
    for name, raw in (texts or {}).items():
        (root / "sources").mkdir(exist_ok=True)
        (root / "sources" / f"{name}.txt").write_bytes(raw)
        resources.append({"name": name, "path": f"sources/{name}.txt", "type": "file", "format": "txt"})
    descriptor = {"name": snapshot.name or "generated", "version": snapshot.version, "resources": resources}
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    if changelog is not None:
        (root / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    return root


def round_trip(snapshot: Snapshot, root: Path, texts: Mapping[str, bytes] | None = None) -> Snapshot:
    """SNAPSHOT as the loaders read it back from disk."""
    return load(str(write_package(snapshot, root, texts))).snapshot


def table(name: str, columns: list[Column], rows: list[list[str]], primary_key: tuple[str, ...] = ("id",)) -> Table:
    return build_table(name, tuple(columns), primary_key, rows)


def snapshot(version: str, *tables: Table) -> Snapshot:
    return Snapshot(version=version, tables={t.name: t for t in tables}, name="generated")


def changelog(*versions: str) -> str:
    """A CHANGELOG.md whose entries, newest first, name VERSIONS."""
    entries = "".join(f"## {version}\n\n- What changed in {version}.\n\n" for version in versions)
    return f"# Changelog\n\n## Versioning: data semver\n\nThe rules.\n\n{entries}"


def copy_checkout(target: Path) -> Path:
    """The checkout's published data (descriptors, CSV tables, source texts, changelog) in TARGET."""
    data = built() / "crocus_data" / "data"
    for part in ("records", "sources"):
        shutil.copytree(data / part, target / "crocus_data" / "data" / part)
    for name in ("datapackage.json", "CHANGELOG.md"):
        shutil.copy2(REPO / name, target / name)
    shutil.copy2(data / "datapackage.json", target / "crocus_data" / "data" / "datapackage.json")
    return target


def set_cell(root: Path, table_name: str, key: str, column: str, value: str) -> str:
    """Set one cell of a checkout copy's CSV table; return the value it had."""
    path = root / "crocus_data" / "data" / "records" / f"{table_name}.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    header, at = rows[0], rows[0].index(column)
    row = next(row for row in rows[1:] if row[0] == key)
    before, row[at] = row[at], value
    path.write_bytes(csv_bytes(tuple(header), [tuple(r) for r in rows[1:]]))
    return before


def set_version(root: Path, version: str) -> None:
    for path in (root / "datapackage.json", root / "crocus_data" / "data" / "datapackage.json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        descriptor["version"] = version
        path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def test_a_written_package_reads_back_as_it_was(tmp_path: Path) -> None:
    original = snapshot(
        "1.0.0",
        table(
            "things",
            [Column("id"), Column("kind", enum=("a", "b")), Column("note")],
            [["t-1", "a", 'comma, "quote"\nand a line'], ["t-2", "b", ""]],
        ),
    )
    assert round_trip(original, tmp_path) == original
