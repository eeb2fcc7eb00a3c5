"""The package reader: every table's rows and every source text of a data package, in memory.

Two ways in, one shape out: ``from_layout`` reads the hand-encoded tree (what ``build`` does),
``from_descriptor`` follows a ``datapackage.json`` (what ``validate`` does on any checkout or copy).
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from crocus_data.checks.csv_file import DEFAULT_MAX_BYTES, read_table
from crocus_data.checks.table_data import TableData
from crocus_data.layout import DESCRIPTOR, record_file, source_file
from crocus_data.models import MODEL_BY_TABLE, MODELS
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule

MAX_DESCRIPTOR_BYTES = 1024 * 1024
MAX_SOURCE_BYTES = 16 * 1024 * 1024


@dataclass
class Dataset:
    """Each table as read, each source text's bytes and where they came from, and package-level problems."""

    tables: dict[str, TableData] = field(default_factory=dict)
    texts: dict[str, bytes] = field(default_factory=dict)
    text_files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def text(self, source_id: str) -> str | None:
        raw = self.texts.get(source_id)
        return None if raw is None else raw.decode("utf-8", errors="replace")

    def rows(self, table: str) -> list[dict[str, object]]:
        """A (small) table's typed rows as dicts; the bulk checks never call this on big tables."""
        data = self.tables.get(table)
        return [] if data is None or data.table is None else data.table.to_pylist()

    def row_counts(self) -> dict[str, int]:
        return {name: data.num_rows for name, data in self.tables.items()}


def _read_tables(dataset: Dataset, paths: dict[str, tuple[Path, str]], max_bytes: int) -> None:
    """Read every table, several at once: Arrow's kernels release the GIL, so threads use every core."""
    for model in MODELS:
        if model.table not in paths:
            dataset.problems.append(
                Problem(DESCRIPTOR, None, None, Rule.PACKAGE_RESOURCE_MISSING, f"no CSV resource named '{model.table}'")
            )
    present = [model for model in MODELS if model.table in paths]
    with ThreadPoolExecutor(max_workers=int(os.environ.get("CROCUS_THREADS", "2"))) as pool:
        tables = pool.map(
            lambda model: read_table(paths[model.table][0], model, paths[model.table][1], max_bytes), present
        )
        for model, data in zip(present, tables, strict=True):
            dataset.tables[model.table] = data


def _read_text(dataset: Dataset, source_id: str, path: Path, display: str) -> None:
    dataset.text_files[source_id] = display
    try:
        size = path.stat().st_size
    except OSError:
        dataset.problems.append(Problem(display, None, None, Rule.SOURCE_MISSING, "the source text file is missing"))
        return
    if size > MAX_SOURCE_BYTES:
        dataset.problems.append(
            Problem(display, None, None, Rule.FILE_TOO_LARGE, f"{size} bytes is over the {MAX_SOURCE_BYTES}-byte limit")
        )
        return
    dataset.texts[source_id] = path.read_bytes()


def from_layout(data_dir: Path, display_prefix: str = "") -> Dataset:
    """Read the hand-encoded tree: ``records/<table>.csv`` and ``sources/<filename>``."""
    dataset = Dataset()
    _read_tables(
        dataset,
        {table: (data_dir / record_file(table), f"{display_prefix}{record_file(table)}") for table in MODEL_BY_TABLE},
        DEFAULT_MAX_BYTES,
    )
    for row in dataset.rows("sources"):
        source_id, filename = str(row["source_id"]), str(row["filename"])
        if "/" in filename or filename.startswith("."):
            continue  # the filename pattern check has reported it
        _read_text(dataset, source_id, data_dir / source_file(filename), f"{display_prefix}{source_file(filename)}")
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


def from_descriptor(descriptor_path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Dataset:
    """Read the tables and source texts a ``datapackage.json`` points to, refusing paths outside it."""
    dataset = Dataset()
    display = descriptor_path.name
    root = descriptor_path.parent
    try:
        if descriptor_path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            dataset.problems.append(Problem(display, None, None, Rule.FILE_TOO_LARGE, "the descriptor is over 1 MiB"))
            return dataset
        descriptor = json.loads(descriptor_path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        dataset.problems.append(Problem(display, None, None, Rule.PACKAGE_DESCRIPTOR, f"cannot read it: {exc}"))
        return dataset
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        dataset.problems.append(Problem(display, None, None, Rule.PACKAGE_DESCRIPTOR, "it has no 'resources' list"))
        return dataset
    tables: dict[str, tuple[Path, str]] = {}
    texts: dict[str, tuple[Path, str]] = {}
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            dataset.problems.append(Problem(display, None, None, Rule.PACKAGE_DESCRIPTOR, "a resource has no path"))
            continue
        name, relative = str(resource.get("name")), resource["path"]
        path = _inside(root, relative)
        if path is None:
            dataset.problems.append(
                Problem(
                    display,
                    None,
                    None,
                    Rule.PACKAGE_PATH_OUTSIDE,
                    f"resource '{name}' points to '{relative}', outside the package; use a relative path inside it",
                )
            )
        elif name in MODEL_BY_TABLE and resource.get("format") == "csv":
            tables[name] = (path, relative)
        elif name.startswith("src-"):
            texts[name] = (path, relative)
    _read_tables(dataset, tables, max_bytes)
    for source_id, (path, relative) in texts.items():
        _read_text(dataset, source_id, path, relative)
    return dataset
