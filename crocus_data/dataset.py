"""A dataset in memory: every table's rows and every source text, read from a directory.

Two ways in, one shape out: ``from_layout`` reads the hand-encoded tree (what ``build`` does),
``from_descriptor`` follows a ``datapackage.json`` (what ``validate`` does on any checkout or copy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from crocus_data.models import MODEL_BY_TABLE, MODELS, Record, Source
from crocus_data.problems import Problem
from crocus_data.records import Row, read_table

RECORDS_DIR = "records"
SOURCES_DIR = "sources"
PARQUET_DIR = "parquet"
DESCRIPTOR = "datapackage.json"
MAX_DESCRIPTOR_BYTES = 1024 * 1024
MAX_SOURCE_BYTES = 16 * 1024 * 1024


@dataclass
class Dataset:
    """Rows by table, where each table and text was read from, and the problems met reading them."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    table_files: dict[str, str] = field(default_factory=dict)
    unparsed_keys: dict[str, set[str]] = field(default_factory=dict)
    texts: dict[str, bytes] = field(default_factory=dict)
    text_files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def keys(self, table: str) -> set[str]:
        """Ids of the table's rows, counting rows that failed to parse (already reported)."""
        return {row.record.key for row in self.rows.get(table, [])} | self.unparsed_keys.get(table, set())

    def records(self, table: str) -> list[Record]:
        return [row.record for row in self.rows.get(table, [])]

    def text(self, source_id: str) -> str | None:
        raw = self.texts.get(source_id)
        return None if raw is None else raw.decode("utf-8", errors="replace")


def _read_tables(dataset: Dataset, paths: dict[str, tuple[Path, str]]) -> None:
    for model in MODELS:
        if model.table not in paths:
            dataset.problems.append(
                Problem(DESCRIPTOR, None, None, "package.resource-missing", f"no CSV resource named '{model.table}'")
            )
            continue
        path, display = paths[model.table]
        read = read_table(path, model, display)
        dataset.rows[model.table] = read.rows
        dataset.unparsed_keys[model.table] = read.unparsed_keys
        dataset.table_files[model.table] = display
        dataset.problems.extend(read.problems)


def _read_text(dataset: Dataset, source_id: str, path: Path, display: str) -> None:
    dataset.text_files[source_id] = display
    try:
        size = path.stat().st_size
    except OSError:
        dataset.problems.append(Problem(display, None, None, "source.missing", "the source text file is missing"))
        return
    if size > MAX_SOURCE_BYTES:
        dataset.problems.append(
            Problem(display, None, None, "file.too-large", f"{size} bytes is over the {MAX_SOURCE_BYTES}-byte limit")
        )
        return
    dataset.texts[source_id] = path.read_bytes()


def from_layout(data_dir: Path, display_prefix: str = "") -> Dataset:
    """Read the hand-encoded tree: ``records/<table>.csv`` and ``sources/<filename>``."""
    dataset = Dataset()
    _read_tables(
        dataset,
        {
            table: (data_dir / RECORDS_DIR / f"{table}.csv", f"{display_prefix}{RECORDS_DIR}/{table}.csv")
            for table in MODEL_BY_TABLE
        },
    )
    for record in dataset.records("sources"):
        assert isinstance(record, Source)
        _read_text(
            dataset,
            record.source_id,
            data_dir / SOURCES_DIR / record.filename,
            f"{display_prefix}{SOURCES_DIR}/{record.filename}",
        )
    return dataset


def _inside(root: Path, relative: str) -> Path | None:
    """Resolve a descriptor path, or None if it is absolute, a URL, or leaves the package."""
    if "://" in relative or "\\" in relative or relative.startswith("/"):
        return None
    pure = PurePosixPath(relative)
    if any(part == ".." for part in pure.parts):
        return None
    path = (root / pure).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def from_descriptor(descriptor_path: Path) -> Dataset:
    """Read the tables and source texts a ``datapackage.json`` points to, refusing paths outside it."""
    dataset = Dataset()
    display = descriptor_path.name
    root = descriptor_path.parent
    try:
        if descriptor_path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            dataset.problems.append(Problem(display, None, None, "file.too-large", "the descriptor is over 1 MiB"))
            return dataset
        descriptor = json.loads(descriptor_path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        dataset.problems.append(Problem(display, None, None, "package.descriptor", f"cannot read it: {exc}"))
        return dataset
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        dataset.problems.append(Problem(display, None, None, "package.descriptor", "it has no 'resources' list"))
        return dataset
    tables: dict[str, tuple[Path, str]] = {}
    texts: dict[str, tuple[Path, str]] = {}
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            dataset.problems.append(Problem(display, None, None, "package.descriptor", "a resource has no path"))
            continue
        name, relative = str(resource.get("name")), resource["path"]
        path = _inside(root, relative)
        if path is None:
            dataset.problems.append(
                Problem(
                    display,
                    None,
                    None,
                    "package.path-outside",
                    f"resource '{name}' points to '{relative}', outside the package; use a relative path inside it",
                )
            )
        elif name in MODEL_BY_TABLE and resource.get("format") == "csv":
            tables[name] = (path, relative)
        elif name.startswith("src-"):
            texts[name] = (path, relative)
    _read_tables(dataset, tables)
    for source_id, (path, relative) in texts.items():
        _read_text(dataset, source_id, path, relative)
    return dataset
